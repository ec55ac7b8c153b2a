namespace HermesX.Grains.Abstractions.Skills;

/// <summary>Splits Markdown into its leading <c>---</c>-fenced YAML block and the body after it.</summary>
public static class FrontMatter
{
    public static bool TrySplit(string text, out string yaml, out string body)
    {
        yaml = body = "";
        // A byte-order mark is invisible in editors but would hide the opening fence.
        var t = text.TrimStart('\uFEFF');
        var lines = t.Split('\n');
        if (lines.Length < 2 || lines[0].TrimEnd('\r', ' ', '\t') != "---")
        {
            return false;
        }
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r', ' ', '\t');
            if (line is "---" or "...")
            {
                yaml = string.Join('\n', lines[1..i]);
                body = string.Join('\n', lines[(i + 1)..]).TrimStart('\r', '\n');
                return true;
            }
        }
        return false;
    }
}
