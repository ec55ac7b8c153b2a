using System.Text;
using System.Text.Json;
using HermesX.Frontend.Chat;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Messages;

/// <summary>
/// Anthropic content blocks into session messages: text stays text, <c>tool_use</c> blocks become the
/// assistant's tool calls and <c>tool_result</c> blocks the tool messages answering them, so a
/// conversation reads the same whichever API wrote it.
/// </summary>
internal static class MessagesContent
{
    public static SessionMessage? System(JsonElement body)
    {
        if (!body.TryGetProperty("system", out var s) || s.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var text = s.ValueKind switch
        {
            JsonValueKind.String => s.GetString()!,
            JsonValueKind.Array => TextBlocks(s, "system"),
            _ => throw new ChatRequestException("'system' must be a string or an array of text blocks", "system"),
        };
        return text.Length > 0 ? new SessionMessage("system", text) : null;
    }

    public static List<SessionMessage> Messages(JsonElement body)
    {
        var list = new List<SessionMessage>();
        foreach (var (m, param) in RequestArrays.Objects(RequestArrays.NonEmpty(body, "messages"), "messages"))
        {
            Json.AllowOnly(m, param, "role", "content");
            var role = Json.String(m, "role", param + ".role");
            if (!m.TryGetProperty("content", out var content) || content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
            {
                throw new ChatRequestException($"{param}.content must be a string or an array of content blocks", param + ".content");
            }
            switch (role)
            {
                case "user":
                    User(content, param, list);
                    break;
                case "assistant":
                    list.Add(Assistant(content, param));
                    break;
                default:
                    throw new ChatRequestException($"{param}.role must be 'user' or 'assistant'", param + ".role");
            }
        }
        return list;
    }

    private static void User(JsonElement content, string param, List<SessionMessage> list)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            list.Add(new SessionMessage("user", content.GetString()!));
            return;
        }
        var text = new StringBuilder();
        var hasText = false;
        foreach (var (block, path, type) in Blocks(content, param + ".content"))
        {
            switch (type)
            {
                case "text":
                    text.Append(Text(block, path));
                    hasText = true;
                    break;
                case "tool_result":
                    list.Add(ToolResult(block, path));
                    break;
                default:
                    throw Refused(type, path);
            }
        }
        // Tool results first: they answer the previous assistant turn, the text is what the user adds after.
        if (hasText)
        {
            list.Add(new SessionMessage("user", text.ToString()));
        }
    }

    private static SessionMessage Assistant(JsonElement content, string param)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return new SessionMessage("assistant", content.GetString()!);
        }
        var text = new StringBuilder();
        var calls = new List<ToolCall>();
        foreach (var (block, path, type) in Blocks(content, param + ".content"))
        {
            switch (type)
            {
                case "text":
                    text.Append(Text(block, path));
                    break;
                case "tool_use":
                    Json.AllowOnly(block, path, "type", "id", "name", "input");
                    var id = Json.String(block, "id", path + ".id");
                    var name = Json.String(block, "name", path + ".name");
                    if (id is not { Length: > 0 } || name is not { Length: > 0 })
                    {
                        throw new ChatRequestException($"{path} needs id and name", path);
                    }
                    var input = block.TryGetProperty("input", out var inp) && inp.ValueKind == JsonValueKind.Object
                        ? inp.GetRawText()
                        : throw new ChatRequestException($"{path}.input must be an object", path + ".input");
                    calls.Add(new ToolCall(id, name, input));
                    break;
                default:
                    throw Refused(type, path);
            }
        }
        return new SessionMessage("assistant", text.ToString(), calls.Count > 0 ? calls : null);
    }

    private static SessionMessage ToolResult(JsonElement block, string path)
    {
        Json.AllowOnly(block, path, "type", "tool_use_id", "content", "is_error");
        var id = Json.String(block, "tool_use_id", path + ".tool_use_id");
        if (id is not { Length: > 0 })
        {
            throw new ChatRequestException($"{path}.tool_use_id is required", path + ".tool_use_id");
        }
        if (Json.Bool(block, "is_error") == true)
        {
            // A session's tool message has no error flag; folding it into the text would change what the model reads.
            throw new ChatRequestException($"'{path}.is_error' is not supported by HermesX's Messages API yet: report the failure in the content", path + ".is_error");
        }
        var output = !block.TryGetProperty("content", out var c) || c.ValueKind == JsonValueKind.Null ? ""
            : c.ValueKind == JsonValueKind.String ? c.GetString()!
            : c.ValueKind == JsonValueKind.Array ? TextBlocks(c, path + ".content")
            : throw new ChatRequestException($"{path}.content must be a string or an array of text blocks", path + ".content");
        return new SessionMessage("tool", output, ToolCallId: id);
    }

    private static string TextBlocks(JsonElement blocks, string param)
    {
        var text = new StringBuilder();
        foreach (var (block, path, type) in Blocks(blocks, param))
        {
            text.Append(type == "text" ? Text(block, path) : throw Refused(type, path));
        }
        return text.ToString();
    }

    private static string Text(JsonElement block, string path)
    {
        Json.AllowOnly(block, path, "type", "text");
        return Json.String(block, "text", path + ".text") ?? throw new ChatRequestException($"{path}.text is required", path + ".text");
    }

    private static IEnumerable<(JsonElement Block, string Path, string Type)> Blocks(JsonElement content, string arrayPath)
    {
        if (content.GetArrayLength() == 0)
        {
            throw new ChatRequestException($"{arrayPath} must not be empty", arrayPath);
        }
        var j = 0;
        foreach (var block in content.EnumerateArray())
        {
            var path = $"{arrayPath}[{j++}]";
            if (block.ValueKind != JsonValueKind.Object || Json.String(block, "type", path + ".type") is not { } type)
            {
                throw new ChatRequestException($"{path} must be a content block with a type", path);
            }
            yield return (block, path, type);
        }
    }

    private static ChatRequestException Refused(string type, string path) => type is "image" or "document"
        ? new($"{path}: '{type}' blocks are not supported: HermesX sessions keep text, tool_use and tool_result only", path)
        : new($"{path}: content block type '{type}' is not supported by HermesX's Messages API", path);
}
