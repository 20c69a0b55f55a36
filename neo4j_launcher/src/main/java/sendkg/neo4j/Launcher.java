package sendkg.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts Neo4j Community embedded with Bolt on 127.0.0.1, auth off by default, for tests and
 * local use. Prints one line {@code READY bolt://127.0.0.1:PORT} once the default
 * database answers, and shuts down cleanly on SIGTERM/SIGINT or, with
 * {@code --stop-on-eof}, when its standard input closes (so a test run that dies
 * cannot leave a server behind).
 *
 * <p>Usage: {@code Launcher --data DIR [--port N] [--page-cache-mb N] [--stop-on-eof]
 * [--auth]}; port 0 (the default) lets the operating system choose a free port.
 * {@code --auth} turns authentication on (user neo4j, initial password neo4j, which
 * must be changed before use): only for testing how clients report refused credentials.
 */
public final class Launcher {

    private static final AtomicBoolean STOPPED = new AtomicBoolean(false);

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Path data = null;
        int port = 0;
        long pageCacheMb = 64;
        boolean stopOnEof = false;
        boolean auth = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--page-cache-mb" -> pageCacheMb = Long.parseLong(args[++i]);
                case "--stop-on-eof" -> stopOnEof = true;
                case "--auth" -> auth = true;
                default -> fail("unknown argument: " + args[i]);
            }
        }
        if (data == null) {
            fail("usage: Launcher --data DIR [--port N] [--page-cache-mb N] [--stop-on-eof] [--auth]");
        }
        DatabaseManagementService dbms = start(data, port, pageCacheMb, auth);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dbms), "neo4j-shutdown"));
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(2).toMillis())) {
            stop(dbms);
            fail("the default database did not become available");
        }
        System.out.println("READY bolt://127.0.0.1:" + boltPort(db));
        System.out.flush();
        if (stopOnEof) {
            drain(System.in);
            stop(dbms);
            System.exit(0);
        }
        Thread.currentThread().join();
    }

    private static DatabaseManagementService start(Path data, int port, long pageCacheMb,
                                                   boolean auth) {
        return new DatabaseManagementServiceBuilder(data)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                // Bolt otherwise idles 10 s at shutdown waiting for connections to drain.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .build();
    }

    /** The port Bolt really listens on (differs from the request when that was 0). */
    private static int boltPort(GraphDatabaseService db) {
        ConnectorPortRegister ports = ((GraphDatabaseAPI) db).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class);
        return ports.getLocalAddress(ConnectorType.BOLT).getPort();
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Nothing to read for: only the end of the stream matters.
            }
        } catch (IOException closed) {
            // A broken pipe means the parent is gone: shut down as for end of input.
        }
    }

    private static void stop(DatabaseManagementService dbms) {
        if (STOPPED.compareAndSet(false, true)) {
            dbms.shutdown();
            System.out.println("STOPPED");
            System.out.flush();
        }
    }

    private static void fail(String message) {
        System.err.println("neo4j-launcher: " + message);
        System.exit(2);
    }
}
