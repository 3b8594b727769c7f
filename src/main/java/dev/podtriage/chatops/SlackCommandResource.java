package dev.podtriage.chatops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podtriage.http.Problem;
import dev.podtriage.http.ProblemException;
import dev.podtriage.security.OwnVerification;
import dev.podtriage.render.SlackBlockKitRenderer;
import dev.podtriage.render.Tone;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Slack's slash command. Every request is verified from its raw bytes (signature and timestamp)
 * before the body is parsed; then the command runs with a deadline: a quick answer is the reply,
 * a slow one is acknowledged at once and posted to {@code response_url} when ready.
 */
@OwnVerification
@SecurityRequirementsSet({}) // verified by the platform's own signature or token, not the bearer token
@Path("/api/v1/chatops/slack")
@Tag(name = "ChatOps", description = "Slash commands for Slack and Mattermost, verified by each platform's own mechanism instead of the bearer token")
public class SlackCommandResource {
    private static final Logger LOG = Logger.getLogger(SlackCommandResource.class);
    static final int MAX_BODY = 64 * 1024;

    private final Optional<SlackSignature> signature;
    private final Duration deadline;
    private final ChatOpsService chat;
    private final ResponseUrlPoster poster;
    private final ObjectMapper mapper;
    private final SlackBlockKitRenderer renderer = new SlackBlockKitRenderer();

    SlackCommandResource(ChatOpsConfig config, Clock clock, ChatOpsService chat, ResponseUrlPoster poster, ObjectMapper mapper) {
        this.signature = config.slack().signingSecret().filter(s -> !s.isBlank()).map(s -> new SlackSignature(s, clock));
        this.deadline = config.slack().deadline();
        this.chat = chat;
        this.poster = poster;
        this.mapper = mapper;
    }

    @POST
    @Path("commands")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "slackCommand", summary = "Slack slash command",
            description = "The Request URL of a Slack slash command. The request must carry Slack's signature: `X-Slack-Signature` = `v0=` + hex "
                    + "HMAC-SHA256 (key: `triage.slack.signing-secret`) of `v0:<X-Slack-Request-Timestamp>:<raw body>`, with a timestamp at most "
                    + "300 s from now; a signature is accepted once. Commands in `text`: `<namespace>/<pod>`, `<namespace>`, "
                    + "`workload <namespace>/<kind>/<name>`, `rules [id]`, `help`; a trailing `--public` posts the answer to the channel "
                    + "(`in_channel`), else only the user sees it (`ephemeral`). Unknown input gets the help text. Cluster errors (no such pod, "
                    + "RBAC, API server down) are answered as an ephemeral message, not as an HTTP error. A command slower than "
                    + "`triage.slack.deadline` is acknowledged at once and its answer is posted to `response_url` with `replace_original`.")
    @APIResponse(responseCode = "200", description = "The answer in Block Kit, or an acknowledgement whose answer follows through `response_url`",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SlackReply.class)))
    @APIResponse(responseCode = "400", description = "The verified body is not a valid form",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong signature, a timestamp more than 300 s away, or a replayed request; nothing was run",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Slack commands are off: `triage.slack.signing-secret` is not set",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "More signed requests arrived within 300 s than can be remembered against replays; nothing was run",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than 64 KiB",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not `application/x-www-form-urlencoded`",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response command(
            @Parameter(in = ParameterIn.HEADER, required = true, description = "Unix time in seconds at which Slack signed the request",
                    example = "1531420618") @HeaderParam("X-Slack-Request-Timestamp") String timestamp,
            @Parameter(in = ParameterIn.HEADER, required = true, description = "`v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`",
                    example = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")
            @HeaderParam("X-Slack-Signature") String slackSignature,
            @Context HttpHeaders headers,
            @RequestBody(required = true, description = "The slash command as Slack sends it",
                    content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(implementation = SlashCommandForm.class)))
            byte[] body) {
        SlackSignature verifier = signature.orElseThrow(() -> ProblemException.notFound(
                "Slack commands are off: set triage.slack.signing-secret (TRIAGE_SLACK_SIGNING_SECRET) to the Slack app's signing secret."));
        byte[] raw = body == null ? new byte[0] : body;
        SlackSignature.Verdict verdict = verifier.verify(timestamp, slackSignature, raw);
        if (verdict == SlackSignature.Verdict.TOO_MANY) {
            ChatAudit.refused("slack", verdict.reason());
            throw new ProblemException(503, "too-many-signed-requests", "The request cannot be checked against replays: " + verdict.reason() + ".");
        }
        if (verdict != SlackSignature.Verdict.VALID) {
            ChatAudit.refused("slack", verdict.reason());
            throw new ProblemException(401, "unauthorized", "The request is not signed by Slack: " + verdict.reason() + ".");
        }
        bounded(raw);
        requireForm(headers);
        FormBody form = form(raw);
        String slash = ChatOpsService.slashName(form.get("command"));
        ChatCommand.Parsed parsed = ChatCommand.parse(form.get("text"));
        ChatAudit.command("slack", form, slash, parsed);

        if (!parsed.command().readsCluster()) {
            return reply(chat.answer(parsed, slash));
        }
        CompletableFuture<ChatOpsService.Answer> work = chat.submit(parsed, slash);
        try {
            return reply(work.get(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return late(parsed, slash, form.get("response_url"), work);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return reply(chat.interrupted(slash));
        } catch (ExecutionException e) {
            LOG.error("chat command failed", e.getCause());
            return reply(new ChatOpsService.Answer(chat.problem("Something went wrong", Tone.CRITICAL,
                    "pod-triage failed unexpectedly while answering; the server log has the details.", slash), false));
        }
    }

    /** The deadline passed: acknowledge now and post the answer later, if there is a place to post it to. */
    private Response late(ChatCommand.Parsed parsed, String slash, String responseUrl, CompletableFuture<ChatOpsService.Answer> work) {
        Optional<URI> url = poster.allowed(responseUrl);
        if (url.isEmpty()) {
            work.cancel(false);
            LOG.warnf("a slow chat command's answer is dropped: response_url is missing or not on an allowed host (triage.slack.response-url-hosts)");
            return reply(new ChatOpsService.Answer(chat.problem("Too slow to answer", Tone.WARNING,
                    "The " + parsed.command().describe() + " did not finish within " + deadline.toMillis() + " ms, and the answer cannot "
                            + "follow later: the command's `response_url` is not on an allowed host (`triage.slack.response-url-hosts`).",
                    slash), false));
        }
        work.thenAccept(answer -> poster.post(url.get(), json(followUp(answer))));
        return reply(new ChatOpsService.Answer(chat.working(parsed.command(), deadline.toMillis()), false));
    }

    /** The answer posted to response_url: it replaces the acknowledgement. */
    ObjectNode followUp(ChatOpsService.Answer answer) {
        ObjectNode reply = renderer.reply(answer.message(), answer.inChannel());
        ObjectNode out = mapper.createObjectNode();
        out.put("response_type", reply.get("response_type").asText());
        out.put("replace_original", true);
        out.setAll(reply);
        return out;
    }

    private Response reply(ChatOpsService.Answer answer) {
        return Response.ok(json(renderer.reply(answer.message(), answer.inChannel())), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private String json(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw body, refused with 413 when a slash command could not be that large. */
    static byte[] bounded(byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > MAX_BODY) {
            throw new ProblemException(413, "body-too-large", "A slash command body has at most " + MAX_BODY + " bytes.");
        }
        return raw;
    }

    static void requireForm(HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            throw new ProblemException(415, "unsupported-media-type",
                    "A slash command is sent as application/x-www-form-urlencoded, not " + (type == null ? "without a Content-Type" : type) + ".");
        }
    }

    static FormBody form(byte[] raw) {
        try {
            return FormBody.parse(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("The body is not a valid application/x-www-form-urlencoded form: " + e.getMessage());
        }
    }

    /** A slash command as Slack and Mattermost send it (form fields). */
    @Schema(name = "SlashCommand", description = "A slash command, form-encoded, as Slack and Mattermost send it")
    public record SlashCommandForm(
            @Schema(description = "The command the user typed", example = "/triage") String command,
            @Schema(description = "What followed the command: `<namespace>/<pod>`, `<namespace>`, `workload <namespace>/<kind>/<name>`, "
                    + "`rules [id]` or `help`, optionally ending in `--public`", example = "shop/web-7d9c8b5f4d-x2v9k --public") String text,
            @Schema(description = "Where a late answer is posted (only to allowed hosts)",
                    example = "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN") String response_url,
            @Schema(description = "The user who typed the command", example = "U2CERLKJA") String user_id,
            @Schema(description = "The user's name", example = "roadrunner") String user_name,
            @Schema(description = "The channel it was typed in", example = "G8PSS9T3V") String channel_id,
            @Schema(description = "The channel's name", example = "ops") String channel_name,
            @Schema(description = "The workspace (Slack) or team (Mattermost)", example = "T1DC2JH3J") String team_id,
            @Schema(description = "The workspace's domain", example = "acme") String team_domain,
            @Schema(description = "Slack: opens modals; unused", example = "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c") String trigger_id,
            @Schema(description = "Mattermost: the slash command's token, checked against `triage.mattermost.token`; "
                    + "Slack: the deprecated verification token, ignored (the signature is checked instead)") String token) {
    }

    /** A Slack message answering a slash command (Block Kit). */
    @Schema(name = "SlackReply", description = "A Slack message in Block Kit answering a slash command")
    public record SlackReply(
            @Schema(description = "`ephemeral`: only the user sees it; `in_channel`: everyone in the channel",
                    enumeration = {"ephemeral", "in_channel"}) String response_type,
            @Schema(description = "Plain mrkdwn fallback for notifications", example = ":red_circle: Critical: shop/web-7d9c8b5f4d-x2v9k — Image `nginx:1.99` does not exist in its registry") String text,
            @Schema(description = "Block Kit blocks: a header with the severity, a section with the summary, a context with cluster, "
                    + "namespace and kubectl status, a section per finding (evidence, fixes) or per pod",
                    type = SchemaType.ARRAY, implementation = Object.class) List<Map<String, Object>> blocks) {
    }
}
