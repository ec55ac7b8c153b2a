using System.ComponentModel;
using System.Text.Json;
using HermesX.Grains.Tools;

namespace HermesX.Tests.Tools;

/// <summary>The argument schemas the model sees for the server tools, built from their signatures.</summary>
public sealed class ServerToolSchemaTests
{
    private static JsonElement Property(JsonElement schema, string name) => schema.GetProperty("properties").GetProperty(name);

    private static string[] Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var r) ? [.. r.EnumerateArray().Select(e => e.GetString()!)] : [];

    [Fact]
    public void ASignatureGivesAnObjectSchemaWithTypesDescriptionsAndRequiredParameters()
    {
        var schema = ToolSchema.Of(([Description("what to look for")] string query, int limit = 5) => { });
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal("string", Property(schema, "query").GetProperty("type").GetString());
        Assert.Equal("what to look for", Property(schema, "query").GetProperty("description").GetString());
        Assert.Equal("integer", Property(schema, "limit").GetProperty("type").GetString());
        Assert.Equal(["query"], Required(schema));
    }

    [Fact]
    public void TheCalculatorAsksForOneExpression()
    {
        var schema = new CalculatorTool().ParametersSchema;
        Assert.Equal("string", Property(schema, "expression").GetProperty("type").GetString());
        Assert.Equal(["expression"], Required(schema));
    }

    [Fact]
    public void MemoryAndTodoActionsAreTheNamesTheirToolsAccept()
    {
        var memory = new MemoryTool(null!).ParametersSchema;
        Assert.Equal(["set", "get", "list", "delete"], Property(memory, "action").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["action"], Required(memory));
        var todo = new TodoTool(null!).ParametersSchema;
        Assert.Equal(["add", "done", "undo", "list"], Property(todo, "action").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        // Optional arguments may also be null: the model leaves them out or sends null.
        Assert.Equal(["integer", "null"], Property(todo, "id").GetProperty("type").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["action"], Required(todo));
    }

    [Fact]
    public async Task ANullWhereTheSchemaAllowsItIsAToolInputErrorNotACrash()
    {
        using var args = JsonDocument.Parse("""{"action":"done","id":null}""");
        var e = await Assert.ThrowsAsync<ToolInputException>(() => new TodoTool(null!).RunAsync(new ToolContext("t", "s", "u"), args.RootElement, CancellationToken.None));
        Assert.Equal("argument 'id' (integer) is required", e.Message);
    }
}
