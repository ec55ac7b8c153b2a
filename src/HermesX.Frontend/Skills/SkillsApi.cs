using HermesX.Frontend.Gate;
using HermesX.Frontend.Auth;
using HermesX.Frontend.Errors;
using HermesX.Frontend.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Skills;

namespace HermesX.Frontend.Skills;

/// <summary>
/// The caller's tenant's skills. Any tenant role reads; admin and operator write. The platform
/// admin has no tenant and gets 403. Writes take the whole SKILL.md (see <see cref="MarkdownBody"/>).
/// </summary>
public static class SkillsApi
{
    public static void MapSkills(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/skills").WithTags("Skills").RequireAuthorization(AuthPolicies.Authenticated)
            .RequireTenant(TenantRefusal).AddEndpointFilter(StoreDownIs503);

        group.MapGet("/", ListAsync).WithName("ListSkills").WithSummary("List the tenant's skills (name, description, version, tags, updated_at)").WithValidation();
        group.MapGet("/{name}", GetAsync).WithName("GetSkill").WithSummary("Get a skill: front matter, body and the raw SKILL.md").ProducesErrors(NotFound);
        group.MapPost("/", CreateAsync).WithName("CreateSkill").RequireGate(Writer).Accepts<string>(MarkdownBody.ContentTypes[0], MarkdownBody.ContentTypes[1..])
            .WithSummary("Create a skill from a SKILL.md (text/markdown, or JSON {\"content\"}); 409 if the name exists").ProducesErrors(Conflict, TooLarge, Unsupported);
        group.MapPut("/{name}", PutAsync).WithName("PutSkill").RequireGate(Writer).Accepts<string>(MarkdownBody.ContentTypes[0], MarkdownBody.ContentTypes[1..])
            .WithSummary("Create or replace a skill; the front matter's name must equal the path's").ProducesErrors(TooLarge, Unsupported);
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteSkill").RequireGate(Writer).WithSummary("Delete a skill").ProducesErrors(NotFound);

        var persona = routes.MapGroup("/v1/persona").WithTags("Skills").RequireAuthorization(AuthPolicies.Authenticated)
            .RequireTenant(TenantRefusal).AddEndpointFilter(StoreDownIs503);
        persona.MapGet("/", GetPersonaAsync).WithName("GetPersona").WithSummary("Get the tenant's persona (SOUL.md)").ProducesErrors(NotFound);
        persona.MapPut("/", PutPersonaAsync).WithName("PutPersona").RequireGate(Writer).Accepts<string>(MarkdownBody.ContentTypes[0], MarkdownBody.ContentTypes[1..])
            .WithSummary("Replace the tenant's persona (text/markdown, or JSON {\"content\"})").ProducesErrors(TooLarge, Unsupported);
    }

    private const int NotFound = StatusCodes.Status404NotFound;
    private const int Conflict = StatusCodes.Status409Conflict;
    private const int TooLarge = StatusCodes.Status413PayloadTooLarge;
    private const int Unsupported = StatusCodes.Status415UnsupportedMediaType;

    private static async Task<Ok<ListResponse<SkillSummaryResponse>>> ListAsync([AsParameters] PageQuery query, Caller caller, ISkillLibrary library)
    {
        var page = query.Page;
        var index = await library.IndexAsync(caller.TenantId!);
        var rows = index.Skills.Skip(page.Offset).Take(page.Limit + 1).Select(SkillSummaryResponse.From).ToList();
        return TypedResults.Ok(ListResponse.Of(rows, page));
    }

    private static async Task<Results<Ok<SkillResponse>, ApiErrorResult>> GetAsync(string name, Caller caller, HttpContext http, ISkillLibrary library) =>
        !SkillKeys.IsValidName(name) ? InvalidName()
        : await library.GetAsync(caller.TenantId!, name, http.RequestAborted) is { } skill ? TypedResults.Ok(SkillResponse.From(skill))
        : ApiError.NotFound($"No skill '{name}'");

    private static async Task<Results<Created<SkillResponse>, ApiErrorResult>> CreateAsync(Caller caller, HttpContext http, ISkillLibrary library)
    {
        var (doc, error) = await ReadSkillAsync(http, null);
        if (doc is null)
        {
            return error!;
        }
        return await library.CreateAsync(caller.TenantId!, doc, http.RequestAborted)
            ? TypedResults.Created($"/v1/skills/{doc.Meta.Name}", await Stored(caller, http, library, doc.Meta.Name))
            : ApiError.Conflict($"A skill named '{doc.Meta.Name}' already exists; PUT /v1/skills/{doc.Meta.Name} replaces it");
    }

    private static async Task<Results<Created<SkillResponse>, Ok<SkillResponse>, ApiErrorResult>> PutAsync(string name, Caller caller, HttpContext http, ISkillLibrary library)
    {
        if (!SkillKeys.IsValidName(name))
        {
            return InvalidName();
        }
        var (doc, error) = await ReadSkillAsync(http, name);
        if (doc is null)
        {
            return error!;
        }
        var created = await library.PutAsync(caller.TenantId!, doc, http.RequestAborted);
        var body = await Stored(caller, http, library, name);
        return created ? TypedResults.Created($"/v1/skills/{name}", body) : TypedResults.Ok(body);
    }

    private static async Task<Results<NoContent, ApiErrorResult>> DeleteAsync(string name, Caller caller, HttpContext http, ISkillLibrary library) =>
        !SkillKeys.IsValidName(name) ? InvalidName()
        : await library.DeleteAsync(caller.TenantId!, name, http.RequestAborted) ? TypedResults.NoContent()
        : ApiError.NotFound($"No skill '{name}'");

    private static async Task<Results<Ok<PersonaResponse>, ApiErrorResult>> GetPersonaAsync(Caller caller, HttpContext http, ISkillLibrary library) =>
        await library.GetPersonaAsync(caller.TenantId!, http.RequestAborted) is { } p
            ? TypedResults.Ok(new PersonaResponse(p.Content, p.LastModified))
            : ApiError.NotFound("This tenant has no persona; PUT /v1/persona sets one");

    private static async Task<Results<Ok<PersonaResponse>, ApiErrorResult>> PutPersonaAsync(Caller caller, HttpContext http, ISkillLibrary library)
    {
        var (content, error) = await MarkdownBody.ReadAsync(http.Request, PersonaText.MaxBytes, "persona", http.RequestAborted);
        if (content is null)
        {
            return error!;
        }
        if (PersonaText.Validate(content) is { } problem)
        {
            return ApiError.BadRequest(problem.Message, problem.Field, "invalid_persona");
        }
        var tenant = caller.TenantId!;
        await library.PutPersonaAsync(tenant, content, http.RequestAborted);
        var stored = await library.GetPersonaAsync(tenant, http.RequestAborted);
        return TypedResults.Ok(new PersonaResponse(content, stored?.LastModified ?? DateTimeOffset.UtcNow));
    }

    /// <summary>Reads and validates a SKILL.md; <paramref name="pathName"/>, when given, must be its name.</summary>
    private static async Task<(SkillDocument? Doc, ApiErrorResult? Error)> ReadSkillAsync(HttpContext http, string? pathName)
    {
        var (content, error) = await MarkdownBody.ReadAsync(http.Request, SkillDocument.MaxBytes, "SKILL.md", http.RequestAborted);
        if (content is null)
        {
            return (null, error);
        }
        if (SkillDocument.TryParse(content, out var problem) is not { } doc)
        {
            return (null, ApiError.BadRequest(problem!.Message, problem.Field, "invalid_skill"));
        }
        if (pathName is not null && doc.Meta.Name != pathName)
        {
            return (null, ApiError.BadRequest($"The front matter names '{doc.Meta.Name}' but the path names '{pathName}'", "name", "invalid_skill"));
        }
        return (doc, null);
    }

    private static async Task<SkillResponse> Stored(Caller caller, HttpContext http, ISkillLibrary library, string name) =>
        SkillResponse.From(await library.GetAsync(caller.TenantId!, name, http.RequestAborted)
            ?? throw new InvalidOperationException($"skill '{name}' vanished right after it was written"));

    private static ApiErrorResult InvalidName() => ApiError.BadRequest(SkillPathGuard.NameRule, "name", "invalid_skill_name");

    private const string TenantRefusal = "Skills belong to a tenant: use a tenant API key";

    private static readonly TenantGate Writer = new()
    {
        AnyRole = [HermesRoles.Admin, HermesRoles.Operator],
        Refusal = "Changing skills or the persona needs the admin or operator role",
    };

    private static async ValueTask<object?> StoreDownIs503(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        try
        {
            return await next(ctx);
        }
        // A body over the request cap surfaces as BadHttpRequestException, an IOException: the caller's fault, never an outage.
        catch (Exception e) when (e is not BadHttpRequestException && ctx.HttpContext.RequestServices.GetRequiredService<ISkillLibrary>().IsUnavailable(e) && !ctx.HttpContext.RequestAborted.IsCancellationRequested)
        {
            ctx.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("HermesX.Skills")
                .LogWarning(e, "Object store unavailable for {Method} {Path}", ctx.HttpContext.Request.Method, ctx.HttpContext.Request.Path);
            return ApiError.Unavailable("The skills store is unavailable; try again shortly");
        }
    }
}
