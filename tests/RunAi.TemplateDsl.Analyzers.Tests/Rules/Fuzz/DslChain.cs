using System.Text;

namespace RunAi.TemplateDsl.Analyzers.Tests.Rules.Fuzz;

/// <summary>
/// One call of a generated fluent chain: plain (<c>MinReplicas(3)</c>), or taking a configuration lambda whose body is
/// itself a chain on the lambda's parameter (<c>WithAutoscaling(a =&gt; a.MinReplicas(0).MaxReplicas(2))</c>). Kept as a
/// tree so a failing chain can be shrunk call by call, at any depth.
/// </summary>
internal sealed class DslCall
{
    private DslCall(string head, string? parameter, IReadOnlyList<DslCall> body, string tail, LambdaStyle style = LambdaStyle.Expression, bool startsStatement = false)
    {
        Head = head;
        Parameter = parameter;
        Body = body;
        Tail = tail;
        Style = style;
        StartsStatement = startsStatement;
    }

    /// <summary>The text before the lambda (the whole call for a plain call).</summary>
    public string Head { get; }

    /// <summary>The lambda's parameter, or null for a plain call.</summary>
    public string? Parameter { get; }

    /// <summary>The calls the lambda chains on its parameter.</summary>
    public IReadOnlyList<DslCall> Body { get; }

    /// <summary>The text after the lambda.</summary>
    public string Tail { get; }

    /// <summary>How the lambda is written (all single chains on the parameter).</summary>
    public LambdaStyle Style { get; }

    /// <summary>For a call of the template's chain: the chain is continued through a local from here (<c>tb = tb.Call()</c>).</summary>
    public bool StartsStatement { get; }

    public static DslCall Plain(string text) => new(text, null, [], string.Empty);

    /// <summary>A call whose lambda chains <paramref name="body"/> on <paramref name="parameter"/>: <c>head p =&gt; p.body tail</c>.</summary>
    public static DslCall Lambda(string head, string parameter, IReadOnlyList<DslCall> body, string tail = ")", LambdaStyle style = LambdaStyle.Expression) => new(head, parameter, body, tail, style);

    public DslCall WithBody(IReadOnlyList<DslCall> body) => new(Head, Parameter, body, Tail, Style, StartsStatement);

    public DslCall AsStatementStart() => new(Head, Parameter, Body, Tail, Style, startsStatement: true);

    public void Render(StringBuilder to)
    {
        to.Append(Head);
        if (Parameter is null)
        {
            return;
        }

        to.Append(Style switch
        {
            LambdaStyle.Static => "static " + Parameter + " => ",
            LambdaStyle.Parenthesized => "(" + Parameter + ") => ",
            LambdaStyle.Block => Parameter + " => { return ",
            _ => Parameter + " => ",
        }).Append(Parameter);
        foreach (var call in Body)
        {
            to.Append('.');
            call.Render(to);
        }

        to.Append(Style == LambdaStyle.Block ? "; }" : string.Empty).Append(Tail);
    }

    /// <summary>The number of calls in this call's tree, itself included.</summary>
    public int Size => 1 + Body.Sum(c => c.Size);
}

/// <summary>
/// A generated template: a start expression (<c>Template.Named("t")</c>) and the calls chained on it. The expression
/// is rendered on one line so that every diagnostic of the analyzer maps to its chain by line.
/// </summary>
internal sealed class DslChain
{
    public DslChain(string start, IReadOnlyList<DslCall> calls)
    {
        Start = start;
        Calls = calls;
    }

    public string Start { get; }

    public IReadOnlyList<DslCall> Calls { get; }

    public int Size => Calls.Sum(c => c.Size);

    public string Render()
    {
        var text = new StringBuilder(Start);
        foreach (var call in Calls)
        {
            text.Append('.');
            call.Render(text);
        }

        return text.ToString();
    }

    /// <summary>Every chain with exactly one call (at any depth) removed: the shrinker's candidates, outermost first.</summary>
    public IEnumerable<DslChain> WithOneCallLess()
    {
        foreach (var calls in Remove(Calls))
        {
            yield return new DslChain(Start, calls);
        }

        static IEnumerable<IReadOnlyList<DslCall>> Remove(IReadOnlyList<DslCall> calls)
        {
            for (var i = 0; i < calls.Count; i++)
            {
                yield return [.. calls.Take(i), .. calls.Skip(i + 1)];
            }

            for (var i = 0; i < calls.Count; i++)
            {
                foreach (var body in Remove(calls[i].Body))
                {
                    var copy = calls.ToList();
                    copy[i] = calls[i].WithBody(body);
                    yield return copy;
                }
            }
        }
    }

    /// <summary>
    /// The body of a method returning the chain with <paramref name="suffix"/> (e.g. <c>.Validate()</c>): expression-bodied,
    /// or, when calls start statements, a block that continues the chain through a local
    /// (<c>{ var tb = Template.Named(..).InTenant(); tb = tb.WithEnvironment(Env); return tb.Validate(); }</c>).
    /// </summary>
    public string RenderBody(string suffix)
    {
        if (!Calls.Any(c => c.StartsStatement))
        {
            return " => " + Render() + suffix + ";";
        }

        var text = new StringBuilder(" { var tb = ").Append(Start);
        foreach (var call in Calls)
        {
            text.Append(call.StartsStatement ? "; tb = tb." : ".");
            call.Render(text);
        }

        return text.Append("; return tb").Append(suffix).Append("; }").ToString();
    }

    public override string ToString() => Render();
}

/// <summary>How a configuration lambda is written.</summary>
internal enum LambdaStyle
{
    /// <summary><c>p =&gt; p.X()</c>.</summary>
    Expression,

    /// <summary><c>static p =&gt; p.X()</c>.</summary>
    Static,

    /// <summary><c>(p) =&gt; p.X()</c>.</summary>
    Parenthesized,

    /// <summary><c>p =&gt; { return p.X(); }</c>.</summary>
    Block,
}
