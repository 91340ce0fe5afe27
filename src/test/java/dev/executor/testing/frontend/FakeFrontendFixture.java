package dev.executor.testing.frontend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the fake frontend's own tests: a fresh frontend with the secret {@code s3cr3t} (which some tests
 * spell out in raw headers) and a raw client for it, closed after each test.
 */
abstract class FakeFrontendFixture {
    static final String SECRET = "s3cr3t";

    FakeFrontend fe;
    Api api;

    @BeforeEach
    final void startFrontend() {
        fe = FakeFrontend.start(SECRET);
        api = new Api(fe);
    }

    @AfterEach
    final void closeFrontend() {
        fe.close();
    }
}
