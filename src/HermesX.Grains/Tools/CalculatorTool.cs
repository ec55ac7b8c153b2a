using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace HermesX.Grains.Tools;

/// <summary>Arithmetic on numbers: + - * / % ^, parentheses, unary minus. A parser, never an evaluator of code.</summary>
public sealed class CalculatorTool : IServerTool
{
    public string Name => "calculator";
    public string Description => "Evaluates an arithmetic expression such as '(2 + 3) * 4 / 5'.";
    public JsonElement ParametersSchema { get; } = ToolSchema.Of(([Description("numbers with + - * / % ^ and parentheses")] string expression) => { });

    public Task<string> RunAsync(ToolContext context, JsonElement arguments, CancellationToken ct)
    {
        var expression = ToolArgs.RequiredString(arguments, "expression");
        if (expression.Length > 500)
        {
            throw new ToolInputException("expression is longer than 500 characters");
        }
        var value = Evaluate(expression);
        return Task.FromResult(value.ToString("G15", CultureInfo.InvariantCulture));
    }

    public static double Evaluate(string expression)
    {
        var p = new Parser(expression);
        var v = p.Expr();
        p.SkipSpace();
        if (!p.AtEnd)
        {
            throw new ToolInputException($"unexpected '{expression[p.Pos]}' at {p.Pos}");
        }
        if (double.IsNaN(v) || double.IsInfinity(v))
        {
            throw new ToolInputException("result is not a finite number");
        }
        return v;
    }

    private sealed class Parser(string s)
    {
        private int _depth;

        public int Pos { get; private set; }
        public bool AtEnd => Pos >= s.Length;

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(s[Pos]))
            {
                Pos++;
            }
        }

        public double Expr()
        {
            var v = Term();
            while (true)
            {
                if (Eat('+')) { v += Term(); }
                else if (Eat('-')) { v -= Term(); }
                else { return v; }
            }
        }

        private double Term()
        {
            var v = Power();
            while (true)
            {
                if (Eat('*')) { v *= Power(); }
                else if (Eat('/')) { var d = Power(); v = d == 0 ? throw new ToolInputException("division by zero") : v / d; }
                else if (Eat('%')) { var d = Power(); v = d == 0 ? throw new ToolInputException("division by zero") : v % d; }
                else { return v; }
            }
        }

        private double Power()
        {
            var b = Unary();
            return Eat('^') ? Math.Pow(b, Power()) : b;
        }

        private double Unary() => Eat('-') ? -Unary() : Eat('+') ? Unary() : Primary();

        private double Primary()
        {
            if (Eat('('))
            {
                if (++_depth > 64)
                {
                    throw new ToolInputException("expression nests too deeply");
                }
                var v = Expr();
                _depth--;
                return Eat(')') ? v : throw new ToolInputException("missing ')'");
            }
            SkipSpace();
            var start = Pos;
            while (!AtEnd && (char.IsAsciiDigit(s[Pos]) || s[Pos] == '.'))
            {
                Pos++;
            }
            if (start == Pos || !double.TryParse(s.AsSpan(start, Pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                throw new ToolInputException(AtEnd ? "expression ends too early" : $"unexpected '{s[Pos]}' at {Pos}");
            }
            return n;
        }

        private bool Peek(char c)
        {
            SkipSpace();
            return !AtEnd && s[Pos] == c;
        }

        private bool Eat(char c)
        {
            if (!Peek(c))
            {
                return false;
            }
            Pos++;
            return true;
        }
    }
}
