#!/bin/bash
# Creates the pipeline's topics on the compose broker (idempotent), with the configs of
# ingest/.../kafka/Topics.java; ManifestCheck compares each line with the code.
set -euo pipefail
topics=/opt/kafka/bin/kafka-topics.sh
$topics --bootstrap-server kafka:9092 --create --if-not-exists --topic platform.events --partitions 4 --replication-factor 1 --config message.timestamp.type=LogAppendTime
$topics --bootstrap-server kafka:9092 --create --if-not-exists --topic chain.events --partitions 4 --replication-factor 1 --config message.timestamp.type=LogAppendTime
$topics --bootstrap-server kafka:9092 --create --if-not-exists --topic trade.events --partitions 4 --replication-factor 1 --config message.timestamp.type=LogAppendTime
$topics --bootstrap-server kafka:9092 --create --if-not-exists --topic entity.activity --partitions 4 --replication-factor 1 --config cleanup.policy=compact --config message.timestamp.type=LogAppendTime
$topics --bootstrap-server kafka:9092 --create --if-not-exists --topic dead.letters --partitions 1 --replication-factor 1 --config message.timestamp.type=LogAppendTime
$topics --bootstrap-server kafka:9092 --create --if-not-exists --topic credit.scores --partitions 4 --replication-factor 1 --config message.timestamp.type=LogAppendTime
$topics --bootstrap-server kafka:9092 --create --if-not-exists --topic risk.warnings --partitions 4 --replication-factor 1 --config message.timestamp.type=LogAppendTime
$topics --bootstrap-server kafka:9092 --create --if-not-exists --topic network.metrics --partitions 1 --replication-factor 1 --config message.timestamp.type=LogAppendTime
$topics --bootstrap-server kafka:9092 --create --if-not-exists --topic model.updates --partitions 1 --replication-factor 1 --config message.timestamp.type=LogAppendTime --config retention.ms=-1
$topics --bootstrap-server kafka:9092 --create --if-not-exists --topic risk.rules --partitions 1 --replication-factor 1 --config message.timestamp.type=LogAppendTime --config retention.ms=-1
$topics --bootstrap-server kafka:9092 --create --if-not-exists --topic chain.listener.state --partitions 1 --replication-factor 1 --config cleanup.policy=compact --config message.timestamp.type=LogAppendTime
