package dev.executor.queue;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The frontend's executor routes (spec §1.3) as a reactive Quarkus REST client: every call is a {@link Uni} that
 * sends the request when subscribed (so a retry resubscribes it) and completes on the Vert.x event loop. The item is
 * the raw {@link Response}, because every route's answer depends on more than a body type: 204 is "nothing" on a
 * dequeue, 404 on a mark is "no longer ours", a 429/5xx with {@code Retry-After} is retried. {@link QueueClient}
 * turns them into typed answers ({@link DequeueResult}, {@link HeartbeatResponse}, entry ids, mark results); the
 * default exception mapper is disabled when the client is built.
 */
@Path("/.executors")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface FrontendApi {

    String AUTH = "Authorization";
    String JOB_ID = "X-Sourcegraph-Job-ID";
    String EXECUTOR_NAME = "X-Sourcegraph-Executor-Name";

    @POST
    @Path("/queue/{queue}/dequeue")
    Uni<Response> dequeue(@PathParam("queue") String queue, @HeaderParam(AUTH) String auth, DequeueRequest body);

    @POST
    @Path("/queue/dequeue")
    Uni<Response> dequeueMulti(@HeaderParam(AUTH) String auth, DequeueRequest body);

    @POST
    @Path("/queue/{queue}/heartbeat")
    Uni<Response> heartbeat(@PathParam("queue") String queue, @HeaderParam(AUTH) String auth, SingleQueueHeartbeat body);

    @POST
    @Path("/queue/heartbeat")
    Uni<Response> heartbeatMulti(@HeaderParam(AUTH) String auth, MultiQueueHeartbeat body);

    @POST
    @Path("/queue/{queue}/addExecutionLogEntry")
    Uni<Response> addExecutionLogEntry(@PathParam("queue") String queue, @HeaderParam(AUTH) String auth,
            @HeaderParam(JOB_ID) String jobId, @HeaderParam(EXECUTOR_NAME) String executorName, LogEntryRequest body);

    @POST
    @Path("/queue/{queue}/updateExecutionLogEntry")
    Uni<Response> updateExecutionLogEntry(@PathParam("queue") String queue, @HeaderParam(AUTH) String auth,
            @HeaderParam(JOB_ID) String jobId, @HeaderParam(EXECUTOR_NAME) String executorName, LogEntryRequest body);

    /** The same route with a body streamed from the job's log spool (see {@link LogEntryBody}). */
    @POST
    @Path("/queue/{queue}/updateExecutionLogEntry")
    Uni<Response> updateExecutionLogEntryStream(@PathParam("queue") String queue, @HeaderParam(AUTH) String auth,
            @HeaderParam(JOB_ID) String jobId, @HeaderParam(EXECUTOR_NAME) String executorName,
            @HeaderParam("Content-Length") long contentLength, java.io.InputStream body);

    @POST
    @Path("/queue/{queue}/{operation}")
    Uni<Response> mark(@PathParam("queue") String queue, @PathParam("operation") String operation,
            @HeaderParam(AUTH) String auth, @HeaderParam(JOB_ID) String jobId,
            @HeaderParam(EXECUTOR_NAME) String executorName, MarkRequest body);

    @GET
    @Path("/test/auth")
    @Produces(MediaType.WILDCARD)
    Uni<Response> testAuth(@HeaderParam(AUTH) String auth);
}
