using System.Text.Json;
using RunAi.TemplateDsl.AsCode;

namespace RunAi.TemplateDsl.Tests.AsCode;

/// <summary>A template key keeps one spelling of a cluster id, so equality, hash code and SameScopeAs agree.</summary>
public sealed class TemplateKeyTests
{
    private const string Lower = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    private const string Upper = "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE";

    [Fact]
    public void A_cluster_id_is_kept_in_its_lower_case_form_however_it_is_given()
    {
        var lower = new TemplateKey("cluster", Lower, "train");
        var upper = new TemplateKey("cluster", Upper, "train");
        var braced = new TemplateKey("cluster", "{" + Upper + "}", "train");

        upper.ScopeId.Should().Be(Lower);
        braced.ScopeId.Should().Be(Lower);
        upper.Should().Be(lower);
        braced.Should().Be(lower);
        upper.GetHashCode().Should().Be(lower.GetHashCode());
        upper.SameScopeAs(lower).Should().BeTrue();
        upper.ToString().Should().Be("cluster " + Lower + "/train");
        new HashSet<TemplateKey> { lower }.Contains(upper).Should().BeTrue();
        TemplateKey.Of(new AssetCreationRequest { Name = "train", Scope = Scope.Cluster, ClusterId = Upper }).Should().Be(upper);
    }

    [Fact]
    public void A_with_expression_keeps_the_cluster_id_in_one_spelling_whichever_member_it_sets_first()
    {
        var key = new TemplateKey("cluster", Lower, "train");

        (key with { ScopeId = Upper }).ScopeId.Should().Be(Lower);
        (key with { ScopeId = Upper }).Should().Be(key);
        (new TemplateKey("department", Upper, "train") with { Scope = "cluster" }).Should().Be(key);
        (new TemplateKey("department", "7", "train") with { ScopeId = Upper, Scope = "cluster" }).Should().Be(key);
    }

    [Fact]
    public void Other_ids_are_kept_as_given_and_compared_exactly_by_equality_and_SameScopeAs_alike()
    {
        var department = new TemplateKey("department", "Research", "train");
        var other = new TemplateKey("department", "research", "serve");

        department.ScopeId.Should().Be("Research");
        department.SameScopeAs(other).Should().BeFalse("equality compares the id exactly, and so does SameScopeAs");
        (department with { Name = "serve" }).Should().NotBe(other);
        new TemplateKey("department", Upper, "train").ScopeId.Should().Be(Upper, "only a cluster's id is a UUID to normalise");
        new TemplateKey("cluster", "not-a-uuid", "train").ScopeId.Should().Be("not-a-uuid");
        new TemplateKey("tenant", null, "train").SameScopeAs(new TemplateKey("tenant", null, "other")).Should().BeTrue();
    }

    [Fact]
    public void A_key_read_from_a_state_file_is_kept_in_the_one_spelling_too()
    {
        var json = $$$"""{"version":1,"target":"t","templates":[{"address":"a","id":"1","key":{"scope":"cluster","scopeId":"{{{Upper}}}","name":"train"}}]}""";

        var file = JsonSerializer.Deserialize(json, StateJsonContext.Default.StateFile)!;

        file.Templates.Should().ContainSingle().Which.Key.Should().Be(new TemplateKey("cluster", Lower, "train"));
        JsonSerializer.Serialize(file, StateJsonContext.Default.StateFile).Should().Contain(Lower).And.NotContain(Upper);
    }
}
