using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Llm;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HermesX.Frontend.Hosting;

/// <summary>
/// The model allow-list and the USD budgets of tenant and key bodies are read as JSON elements (absent
/// and null mean different things on an update), which the schema exporter documents as any JSON; a
/// client generator needs their real shape: a list of model ids or patterns, a number of dollars, or null.
/// </summary>
internal static class OpenApiLimitFields
{
    private static readonly string[] Budgets = [BudgetField.Daily, BudgetField.Monthly, BudgetField.UserDaily];

    public static Task Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is not { } properties)
        {
            return Task.CompletedTask;
        }
        foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.PropertyType == typeof(JsonElement)))
        {
            // A fresh schema, not the shared JsonElement component: these fields are not any JSON.
            if (property.Name == ModelsField.Name)
            {
                properties[property.Name] = Models();
            }
            else if (Budgets.Contains(property.Name))
            {
                properties[property.Name] = Usd();
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Models() => new()
    {
        Type = JsonSchemaType.Array | JsonSchemaType.Null,
        Items = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = ModelAllowList.MaxEntryLength },
        MinItems = 1,
        MaxItems = ModelAllowList.MaxEntries,
        Description = "Model ids or patterns ('*' stands for any run of characters); null: no limit; absent on an update: left as it is",
    };

    private static OpenApiSchema Usd() => new()
    {
        Type = JsonSchemaType.Number | JsonSchemaType.Null,
        Minimum = "0",
        Maximum = BudgetField.Max.ToString(CultureInfo.InvariantCulture),
        Description = "US dollars, at most 6 decimals; null: no limit; absent on an update: left as it is",
    };
}
