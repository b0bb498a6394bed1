package dev.identitygraph.neo4j;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs the Neo4j Community kernel with its Bolt connector on loopback until it receives SIGINT or SIGTERM.
 *
 * <p>Arguments: {@code <dataDir> <boltPort> <pageCache> [pluginsDir]} (page cache such as {@code 512m}, {@code 2g}).
 * With a plugins directory, the procedures of its jars (Graph Data Science, APOC) are registered, {@code gds.*} and
 * {@code apoc.*} unrestricted; their classes must also be on the classpath, where Neo4j finds their kernel extensions.
 * Prints exactly one line {@code READY bolt://127.0.0.1:<port>} on stdout once Bolt accepts connections, and
 * {@code ERROR <reason>} on stderr (exit 2) for problems the caller should explain to a person.
 */
public final class EmbeddedNeo4j {
    private EmbeddedNeo4j() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            fail("usage: EmbeddedNeo4j <dataDir> <boltPort> <pageCache> [pluginsDir]");
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCache = parseBytes(args[2]);

        ensurePortFree(port);
        Files.createDirectories(dataDir);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(dataDir);
        if (args.length == 4) {
            builder.setConfig(GraphDatabaseSettings.plugin_dir, Path.of(args[3]).toAbsolutePath())
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*", "apoc.*"))
                    .setConfig(GraphDatabaseSettings.procedure_allowlist, List.of("gds.*", "apoc.*"));
        }
        DatabaseManagementService dbms = builder
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                // Bolt listens on loopback only, so the child process is reachable only from this machine.
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60))
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(10))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // A clean shutdown checkpoints the store, so the next start needs no recovery.
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(2).toMillis())) {
            fail("the database did not become available within 2 minutes");
        }
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        exitWhenParentGoes();
        stopped.await();
    }

    /** The parent holds our stdin open; end of input means it died without stopping us, so we stop cleanly. */
    private static void exitWhenParentGoes() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // input is ignored; only its end matters
                }
            } catch (IOException ignored) {
                // treated like end of input
            }
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void ensurePortFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            fail("port " + port + " on 127.0.0.1 is already in use: stop what holds it or set NEO4J_BOLT_PORT to a free port");
        }
    }

    private static long parseBytes(String text) {
        String t = text.trim().toLowerCase();
        long unit = 1;
        if (t.endsWith("k")) unit = ByteUnit.kibiBytes(1);
        else if (t.endsWith("m")) unit = ByteUnit.mebiBytes(1);
        else if (t.endsWith("g")) unit = ByteUnit.gibiBytes(1);
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            fail("page cache size '" + text + "' is not a size such as 512m or 2g");
            return 0;
        }
    }

    private static void fail(String reason) {
        System.err.println("ERROR " + reason);
        System.exit(2);
    }
}
