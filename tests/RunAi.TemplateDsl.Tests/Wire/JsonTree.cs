using System.Text.Json.Nodes;

namespace RunAi.TemplateDsl.Tests.Wire;

internal static class JsonTree
{
    public static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    public static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    /// <summary>Asserts two JSON documents are equal as trees (member order ignored, numbers by value).</summary>
    public static void ShouldEqual(string actual, string expected)
    {
        var a = Parse(actual);
        var e = Parse(expected);
        JsonNode.DeepEquals(a, e).Should().BeTrue($"the JSON trees should be equal.\nExpected:\n{e.ToJsonString()}\nActual:\n{a.ToJsonString()}");
    }
}
