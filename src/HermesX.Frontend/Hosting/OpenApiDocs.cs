using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using HermesX.Frontend.Audit;
using HermesX.Frontend.Chat;
using HermesX.Frontend.Embeddings;
using HermesX.Frontend.Validation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HermesX.Frontend.Hosting;

/// <summary>
/// What the endpoint metadata cannot say on its own in /v1/openapi: the API explorer keeps one
/// content type per status, so the stream of a streaming endpoint is added beside its JSON 200;
/// paging and the audit listing's switch are bound as text (for their own 400) but are an integer
/// range and a boolean to a client.
/// </summary>
public static class OpenApiDocs
{
    public static OpenApiOptions AddHermesTransformers(this OpenApiOptions options) => options.AddSchemaTransformer(DescribeStrings).AddSchemaTransformer(DescribeEmbeddings).AddSchemaTransformer(OpenApiLimitFields.Describe).AddOperationTransformer((operation, context, _) =>
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<EventStreamResponse>().Any() && operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
        {
            content["text/event-stream"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
        // Every limit and offset of the API is a PageQuery's; the audit listings' filters are an AuditQuery's.
        var audit = metadata.OfType<MethodInfo>().Any(m => m.GetParameters().Any(p => p.ParameterType == typeof(AuditQuery)));
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query) ?? [])
        {
            parameter.Schema = parameter.Name switch
            {
                "limit" => Integer(1, PageQuery.MaxLimit, PageQuery.DefaultLimit),
                "offset" => Integer(0, null, 0),
                AuditQuery.ExcludeReadsName when audit => new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = JsonValue.Create(false) },
                _ => parameter.Schema,
            };
            if (audit && parameter.Name is { } name && AuditQuery.Descriptions.TryGetValue(name, out var description))
            {
                parameter.Description = description;
            }
        }
        return Task.CompletedTask;
    });

    /// <summary>
    /// Strings go through HermesJson's storable-text converter, which the schema exporter cannot see
    /// into, so it says they are strings; a nullable member is left out of the JSON when null
    /// (WhenWritingNull), so it is not required.
    /// </summary>
    private static Task DescribeStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Type == typeof(string) && schema.Type is null && schema.Properties is null)
        {
            schema.Type = context.JsonPropertyInfo is { IsGetNullable: true } ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }
        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Required is { Count: > 0 } required)
        {
            foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.IsGetNullable))
            {
                required.Remove(property.Name);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The embeddings wire's two-shaped members are read and written by their own converters, which
    /// the schema exporter cannot see into: an input is a string or strings, a vector numbers or base64.
    /// </summary>
    private static Task DescribeEmbeddings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(EmbeddingInput))
        {
            schema.OneOf = [new OpenApiSchema { Type = JsonSchemaType.String },
                new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } }];
        }
        else if (type == typeof(EmbeddingVector))
        {
            schema.OneOf = [new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Number, Format = "float" } },
                new OpenApiSchema { Type = JsonSchemaType.String, Format = "byte" }];
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Integer(int min, int? max, int @default) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = min.ToString(CultureInfo.InvariantCulture),
        Maximum = max?.ToString(CultureInfo.InvariantCulture),
        Default = JsonValue.Create(@default),
    };
}
