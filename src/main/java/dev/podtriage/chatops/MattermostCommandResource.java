package dev.podtriage.chatops;

import dev.podtriage.http.Problem;
import dev.podtriage.http.ProblemException;
import dev.podtriage.security.OwnVerification;
import dev.podtriage.security.TokenDigest;
import dev.podtriage.render.MattermostRenderer;
import dev.podtriage.render.Tone;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Mattermost's slash command: verified by the command's token (the {@code token} form field, or
 * Mattermost's {@code Authorization: Token …} header), compared in constant time; answered with
 * Markdown.
 */
@OwnVerification
@SecurityRequirementsSet({}) // verified by the platform's own signature or token, not the bearer token
@Path("/api/v1/chatops/mattermost")
@Tag(name = "ChatOps")
public class MattermostCommandResource {
    private final Optional<byte[]> token;
    private final Duration deadline;
    private final ChatOpsService chat;
    private final MattermostRenderer renderer = new MattermostRenderer();

    MattermostCommandResource(ChatOpsConfig config, ChatOpsService chat) {
        this.token = config.mattermost().token().map(String::strip).filter(t -> !t.isEmpty()).map(TokenDigest::of);
        this.deadline = config.mattermost().deadline();
        this.chat = chat;
    }

    @POST
    @Path("commands")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "mattermostCommand", summary = "Mattermost slash command",
            description = "The Request URL of a Mattermost slash command (Request Method POST). Its token (the `token` field, or the header `Authorization: Token <token>`) must be `triage.mattermost.token`. "
                    + "Commands in `text`: `<namespace>/<pod>`, `<namespace>`, `workload <namespace>/<kind>/<name>`, `rules [id]`, `help`; "
                    + "a trailing `--public` posts the answer to the channel (`in_channel`), else only the user sees it (`ephemeral`). "
                    + "Unknown input gets the help text; cluster errors are answered as an ephemeral message.")
    @APIResponse(responseCode = "200", description = "The answer: `response_type` and Markdown `text`",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MattermostReply.class)))
    @APIResponse(responseCode = "400", description = "The body is not a valid form",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong token; nothing was run",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Mattermost commands are off: `triage.mattermost.token` is not set",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than 64 KiB",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not `application/x-www-form-urlencoded`",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response command(@Context HttpHeaders headers,
                            @RequestBody(required = true, description = "The slash command as Mattermost sends it",
                                    content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                                            schema = @Schema(implementation = SlackCommandResource.SlashCommandForm.class)))
                            byte[] body) {
        byte[] expected = token.orElseThrow(() -> ProblemException.notFound(
                "Mattermost commands are off: set triage.mattermost.token (TRIAGE_MATTERMOST_TOKEN) to the slash command's token."));
        if (!TokenDigest.matches(expected, presentedToken(headers, body))) {
            ChatAudit.refused("mattermost", "wrong or missing token");
            throw new ProblemException(401, "unauthorized", "The request does not carry the Mattermost slash command's token (triage.mattermost.token).");
        }
        byte[] raw = SlackCommandResource.bounded(body);
        SlackCommandResource.requireForm(headers);
        FormBody form = SlackCommandResource.form(raw);
        String slash = ChatOpsService.slashName(form.get("command"));
        ChatCommand.Parsed parsed = ChatCommand.parse(form.get("text"));
        ChatAudit.command("mattermost", form, slash, parsed);
        ChatOpsService.Answer answer;
        if (!parsed.command().readsCluster()) {
            answer = chat.answer(parsed, slash);
        } else {
            CompletableFuture<ChatOpsService.Answer> work = chat.submit(parsed, slash);
            try {
                answer = work.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                work.cancel(false);
                answer = new ChatOpsService.Answer(chat.problem("Too slow to answer", Tone.WARNING, "The " + parsed.command().describe()
                        + " did not finish within " + deadline.toMillis() + " ms (triage.mattermost.deadline); try again in a moment.", slash), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = chat.interrupted(slash);
            }
        }
        return Response.ok(renderer.render(answer.message(), answer.inChannel()).toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * The token presented, looked for before anything else is checked, so a caller without it learns
     * nothing but 401: the {@code Authorization: Token} header, else the body's {@code token} field.
     */
    static String presentedToken(HttpHeaders headers, byte[] body) {
        String header = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Token ", 0, 6)) {
            return header.substring(6);
        }
        try {
            return FormBody.parse(body).get("token");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The answer to a Mattermost slash command. */
    @Schema(name = "MattermostReply", description = "The answer to a Mattermost slash command")
    public record MattermostReply(
            @Schema(description = "`ephemeral`: only the user sees it; `in_channel`: everyone in the channel",
                    enumeration = {"ephemeral", "in_channel"}) String response_type,
            @Schema(description = "The answer in Markdown (`**bold**`, code spans, lists)") String text) {
    }
}
