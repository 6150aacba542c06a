/**
 * The synthetic trade world: a deterministic, seeded simulation of cross-border e-commerce that
 * produces platform events (registrations, orders, payments, shipments, customs, disputes, reviews)
 * in event-time order, together with the ground truth of who misbehaved, who defaulted and which
 * risk warnings should fire.
 *
 * <ul>
 *   <li>{@link io.crosstrust.ingest.generator.TradeWorldConfig} - every parameter, typed, with
 *       defaults and validation.
 *   <li>{@link io.crosstrust.ingest.generator.TradeWorld} - the lazy event iterator.
 *   <li>{@link io.crosstrust.ingest.generator.GroundTruth} - the hidden labels, as JSON / CSV.
 *   <li>{@link io.crosstrust.ingest.generator.KafkaEventPublisher} - publishes a world to a topic
 *       at a target rate.
 * </ul>
 *
 * See docs/generator.md for the model and the parameter table.
 */
package io.crosstrust.ingest.generator;
