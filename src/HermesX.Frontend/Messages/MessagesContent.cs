using System.Text;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Messages;

/// <summary>
/// Anthropic content blocks into session messages: text stays text, <c>tool_use</c> blocks become the
/// assistant's tool calls and <c>tool_result</c> blocks the tool messages answering them, so a
/// conversation reads the same whichever API wrote it.
/// </summary>
internal static class MessagesContent
{
    public static SessionMessage? System(AnthropicContent? system)
    {
        var text = system switch
        {
            null => "",
            { Blocks: { } blocks } => TextBlocks(blocks, "system"),
            _ => system.Text ?? "",
        };
        return text.Length > 0 ? new SessionMessage("system", text) : null;
    }

    public static List<SessionMessage> Messages(IReadOnlyList<AnthropicMessage?>? messages)
    {
        var list = new List<SessionMessage>();
        foreach (var (m, param) in RequestArrays.Objects(RequestArrays.NonEmpty(messages, "messages"), "messages"))
        {
            if (m.Content is not { } content)
            {
                throw new ChatRequestException($"{param}.content must be a string or an array of content blocks", param + ".content");
            }
            switch (m.Role)
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

    private static void User(AnthropicContent content, string param, List<SessionMessage> list)
    {
        if (content.Blocks is not { } blocks)
        {
            list.Add(new SessionMessage("user", content.Text ?? ""));
            return;
        }
        var text = new StringBuilder();
        var hasText = false;
        foreach (var (block, path) in Blocks(blocks, param + ".content"))
        {
            switch (block)
            {
                case { Text: { } t }:
                    text.Append(Text(t, path));
                    hasText = true;
                    break;
                case { ToolResult: { } result }:
                    list.Add(ToolResult(result, path));
                    break;
                default:
                    throw Refused(block.Type!, path);
            }
        }
        // Tool results first: they answer the previous assistant turn, the text is what the user adds after.
        if (hasText)
        {
            list.Add(new SessionMessage("user", text.ToString()));
        }
    }

    private static SessionMessage Assistant(AnthropicContent content, string param)
    {
        if (content.Blocks is not { } blocks)
        {
            return new SessionMessage("assistant", content.Text ?? "");
        }
        var text = new StringBuilder();
        var calls = new List<ToolCall>();
        foreach (var (block, path) in Blocks(blocks, param + ".content"))
        {
            switch (block)
            {
                case { Text: { } t }:
                    text.Append(Text(t, path));
                    break;
                case { ToolUse: { } use }:
                    if (use.Id is not { Length: > 0 } id || use.Name is not { Length: > 0 } name)
                    {
                        throw new ChatRequestException($"{path} needs id and name", path);
                    }
                    calls.Add(new ToolCall(id, name, WireBody.Object(use.Input, path + ".input", $"{path}.input must be an object").GetRawText()));
                    break;
                default:
                    throw Refused(block.Type!, path);
            }
        }
        return new SessionMessage("assistant", text.ToString(), calls.Count > 0 ? calls : null);
    }

    private static SessionMessage ToolResult(AnthropicToolResultBlock block, string path)
    {
        if (block.ToolUseId is not { Length: > 0 } id)
        {
            throw new ChatRequestException($"{path}.tool_use_id is required", path + ".tool_use_id");
        }
        if (block.IsError == true)
        {
            // A session's tool message has no error flag; folding it into the text would change what the model reads.
            throw new ChatRequestException($"'{path}.is_error' is not supported by HermesX's Messages API yet: report the failure in the content", path + ".is_error");
        }
        var output = block.Content switch
        {
            null => "",
            { Blocks: { } blocks } => TextBlocks(blocks, path + ".content"),
            { Text: var s } => s ?? "",
        };
        return new SessionMessage("tool", output, ToolCallId: id);
    }

    private static string TextBlocks(IReadOnlyList<AnthropicBlock?> blocks, string param)
    {
        var text = new StringBuilder();
        foreach (var (block, path) in Blocks(blocks, param))
        {
            text.Append(block.Text is { } t ? Text(t, path) : throw Refused(block.Type!, path));
        }
        return text.ToString();
    }

    private static string Text(AnthropicTextBlock block, string path) =>
        block.Text ?? throw new ChatRequestException($"{path}.text is required", path + ".text");

    /// <summary>The blocks of a non-empty array, each with its path; a block without a type is refused.</summary>
    private static IEnumerable<(AnthropicBlock Block, string Path)> Blocks(IReadOnlyList<AnthropicBlock?> blocks, string arrayPath)
    {
        if (blocks.Count == 0)
        {
            throw new ChatRequestException($"{arrayPath} must not be empty", arrayPath);
        }
        for (var j = 0; j < blocks.Count; j++)
        {
            var path = $"{arrayPath}[{j}]";
            yield return blocks[j] is { Type: not null } block ? (block, path) : throw new ChatRequestException($"{path} must be a content block with a type", path);
        }
    }

    private static ChatRequestException Refused(string type, string path) => type is "image" or "document"
        ? new($"{path}: '{type}' blocks are not supported: HermesX sessions keep text, tool_use and tool_result only", path)
        : new($"{path}: content block type '{type}' is not supported by HermesX's Messages API", path);
}
