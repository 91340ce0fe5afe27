package dev.executor.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The built artifact, launched by Quarkus's own integration-test launcher: the fast-jar here, the native
 * executable with {@code -Dnative} (or a container image when one is built). Its environment comes from
 * failsafe's {@code quarkus.test.env.*} properties in the pom, since the executor reads only environment
 * variables: a frontend nobody listens on, so the service is alive but not ready.
 */
@QuarkusIntegrationTest
class HealthEndpointsIT {

    @Test
    void liveWithoutAFrontend() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void notReadyUntilTheFrontendAcceptsAHeartbeat() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body(containsString("no successful heartbeat"));
    }

    @Test
    void servesPrometheusMetrics() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("src_executor_processor_handlers"));
    }
}
