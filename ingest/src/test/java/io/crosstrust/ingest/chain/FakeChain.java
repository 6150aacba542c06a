package io.crosstrust.ingest.chain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory EVM chain for unit tests of the listener: blocks with hashes chained by parent,
 * logs, reorgs, a refusal of large eth_getLogs ranges, and scripted failures. Synchronized: the
 * listener reads ahead from a second thread.
 */
final class FakeChain implements ChainRpc {
    /** A log to put in a block (position and block fields are filled in when mined). */
    record LogSpec(String address, List<String> topics, String data, String txHash) {}

    private record Block(
            long number, String hash, String parentHash, long timestamp, List<RawLog> logs) {}

    private final List<Block> blocks = new ArrayList<>();
    private final Deque<ChainRpcException> failures = new ArrayDeque<>();
    private int fork;
    int maxRange = Integer.MAX_VALUE;
    boolean logTimestamps = true;
    int logCalls;
    int headerCalls;
    int headCalls;

    /** Runs once before the next eth_getLogs answer is returned (e.g. a reorg mid-step). */
    Runnable afterNextLogs;

    /** Runs once before the next headers answer is returned. */
    Runnable afterNextHeaders;

    FakeChain() {
        blocks.add(new Block(0, hash(0, 0), hash(-1, 0), 1_700_000_000L, List.of()));
    }

    static String hash(long number, int fork) {
        return String.format("0x%032x%032x", fork, number + 1);
    }

    /** Mines one block holding the given logs; returns its number. */
    synchronized long mine(LogSpec... logs) {
        Block parent = blocks.get(blocks.size() - 1);
        long n = parent.number() + 1;
        String hash = hash(n, fork);
        long timestamp = parent.timestamp() + 12;
        List<RawLog> raw = new ArrayList<>();
        for (int i = 0; i < logs.length; i++) {
            LogSpec s = logs[i];
            raw.add(
                    new RawLog(
                            s.address(),
                            s.topics(),
                            s.data(),
                            n,
                            hash,
                            s.txHash(),
                            i,
                            logTimestamps ? timestamp : null));
        }
        blocks.add(new Block(n, hash, parent.hash(), timestamp, raw));
        return n;
    }

    void mineEmpty(int count) {
        for (int i = 0; i < count; i++) {
            mine();
        }
    }

    /** Drops the newest {@code depth} blocks; the caller mines the replacements. */
    synchronized void reorg(int depth) {
        fork++;
        for (int i = 0; i < depth; i++) {
            blocks.remove(blocks.size() - 1);
        }
    }

    synchronized void failNext(ChainRpcException e) {
        failures.add(e);
    }

    synchronized String hashOf(long number) {
        return blocks.get((int) number).hash();
    }

    private void maybeFail() {
        ChainRpcException e = failures.poll();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public synchronized long chainId() {
        maybeFail();
        return 31337;
    }

    @Override
    public synchronized long blockNumber() {
        maybeFail();
        headCalls++;
        return blocks.size() - 1;
    }

    @Override
    public synchronized Map<Long, BlockHeader> headers(Collection<Long> numbers) {
        maybeFail();
        headerCalls++;
        Map<Long, BlockHeader> out = new LinkedHashMap<>();
        for (long n : numbers) {
            if (n < blocks.size()) {
                Block b = blocks.get((int) n);
                out.put(n, new BlockHeader(n, b.hash(), b.parentHash(), b.timestamp()));
            }
        }
        Runnable hook = afterNextHeaders;
        afterNextHeaders = null;
        if (hook != null) {
            hook.run();
        }
        return out;
    }

    @Override
    public synchronized List<RawLog> logs(
            long fromBlock, long toBlock, List<String> addresses, List<String> topic0s) {
        maybeFail();
        logCalls++;
        if (toBlock - fromBlock + 1 > maxRange) {
            throw new ChainRpcException(
                    ChainRpcException.Kind.RANGE_TOO_LARGE, "query exceeds max block range");
        }
        List<RawLog> out = new ArrayList<>();
        for (long n = fromBlock; n <= Math.min(toBlock, blocks.size() - 1); n++) {
            for (RawLog l : blocks.get((int) n).logs()) {
                if (addresses.contains(l.address())
                        && !l.topics().isEmpty()
                        && topic0s.contains(l.topics().get(0))) {
                    out.add(l);
                }
            }
        }
        Runnable hook = afterNextLogs;
        afterNextLogs = null;
        if (hook != null) {
            hook.run();
        }
        return out;
    }

    @Override
    public String endpoint() {
        return "fake";
    }

    @Override
    public void close() {}
}
