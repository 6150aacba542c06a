package io.crosstrust.ingest.chain;

import io.crosstrust.ingest.local.LocalProcess;
import io.crosstrust.ingest.local.ProjectRoot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A local EVM chain (anvil, from the project's own node_modules: npm {@code @foundry-rs/anvil}) for
 * the embedded stack and the tests: chain id 31337, 127.0.0.1 only, the standard pre-funded
 * development accounts. Not a production node: Besu runs there (deploy/).
 */
public final class AnvilNode implements AutoCloseable {
    public static final long CHAIN_ID = 31337;

    private final LocalProcess process;
    private final int port;

    private AnvilNode(LocalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts anvil on a free port (or the given one), logging into workDir/anvil.log. */
    public static AnvilNode start(Path workDir, int port, Duration blockTime) {
        return start(workDir, port, blockTime, List.of());
    }

    /**
     * Starts anvil with extra command-line arguments, e.g. {@code --dump-state FILE} (the chain is
     * written there when the node stops) and {@code --load-state FILE} (a node restarted with it
     * carries on with the same blocks and hashes).
     */
    public static AnvilNode start(
            Path workDir, int port, Duration blockTime, List<String> extraArgs) {
        Path binary = binary();
        int p = port == 0 ? LocalProcess.freePort() : port;
        List<String> command =
                new ArrayList<>(
                        List.of(
                                binary.toString(),
                                "--host",
                                "127.0.0.1",
                                "--port",
                                Integer.toString(p),
                                "--chain-id",
                                Long.toString(CHAIN_ID),
                                "--silent"));
        if (blockTime != null && !blockTime.isZero()) {
            command.add("--block-time");
            command.add(Long.toString(Math.max(1, blockTime.toSeconds())));
        }
        command.addAll(extraArgs);
        LocalProcess process =
                LocalProcess.start("anvil", command, workDir, workDir.resolve("anvil.log"));
        AnvilNode node = new AnvilNode(process, p);
        node.awaitReady(Duration.ofSeconds(30));
        return node;
    }

    /**
     * The anvil binary: node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil, else anvil on PATH.
     */
    static Path binary() {
        Path fromNpm =
                ProjectRoot.find().resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
        if (Files.isExecutable(fromNpm)) {
            return fromNpm;
        }
        for (String dir :
                System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "anvil");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "anvil not found: run deploy/bin/setup node (npm ci installs it)");
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "anvil exited at start-up:\n" + process.logTail(20));
            }
            try {
                String answer = rpc(http, "eth_chainId");
                if (answer.contains("\"result\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(100);
        }
        process.close();
        throw new IllegalStateException(
                "anvil did not answer on port " + port + " within " + timeout);
    }

    private String rpc(HttpClient http, String method) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(rpcUrl()))
                        .timeout(Duration.ofSeconds(2))
                        .header("Content-Type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
                                                + method
                                                + "\",\"params\":[]}"))
                        .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
