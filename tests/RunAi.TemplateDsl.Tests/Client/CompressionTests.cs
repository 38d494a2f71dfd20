using System.Collections.Concurrent;
using System.IO.Compression;
using Flurl.Http;
using RunAi.TemplateDsl.Client;
using RunAi.TemplateDsl.Emulator;
using static RunAi.TemplateDsl.Tests.Client.ClientTestKit;

namespace RunAi.TemplateDsl.Tests.Client;

/// <summary>Compressed answers: the list asks for one (its size grows with the tenant); a single template does not.</summary>
public sealed class CompressionTests : IAsyncLifetime
{
    private RunAiEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await StartEmulatorAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task The_list_asks_for_a_compressed_answer_and_reads_it()
    {
        var calls = new ConcurrentQueue<Seen>();
        using var flurl = Recording(calls);
        using var client = NewClient(_emulator, flurl: flurl);
        for (var i = 0; i < 20; i++)
        {
            await client.Templates.CreateAsync(Request($"compressed-{i}", description: new string('d', 200)));
        }

        var all = await client.Templates.ListAsync();

        all.Select(t => t.Meta.Name).Should().BeEquivalentTo(Enumerable.Range(0, 20).Select(i => $"compressed-{i}"));
        all.Should().OnlyContain(t => t.Meta.Description == new string('d', 200));
        var list = calls.Should().ContainSingle(c => c.Method == "GET").Which;
        list.AcceptEncoding.Should().Be("gzip, br");
        list.ContentEncoding.Should().BeOneOf("br", "gzip");
    }

    [Fact]
    public async Task Calls_with_a_single_template_do_not_ask_for_compression()
    {
        var calls = new ConcurrentQueue<Seen>();
        using var flurl = Recording(calls);
        using var client = NewClient(_emulator, flurl: flurl);

        var created = await client.Templates.CreateAsync(Request("plain"));
        await client.Templates.GetAsync(created.Meta.Id);
        await client.Templates.DeleteAsync(created.Meta.Id);

        calls.Should().HaveCount(3).And.OnlyContain(c => c.AcceptEncoding.Length == 0 && c.ContentEncoding.Length == 0);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    [InlineData("identity")]
    public void Each_encoding_a_server_may_answer_with_is_decoded(string encoding)
    {
        var json = TemplateJson.SerializeToUtf8Bytes(Request("encoded"));
        using var encoded = new MemoryStream();
        if (encoding == "identity")
        {
            encoded.Write(json);
        }
        else
        {
            using Stream encoder = encoding switch
            {
                "gzip" => new GZipStream(encoded, CompressionLevel.Fastest, leaveOpen: true),
                "br" => new BrotliStream(encoded, CompressionLevel.Fastest, leaveOpen: true),
                _ => new ZLibStream(encoded, CompressionLevel.Fastest, leaveOpen: true),
            };
            encoder.Write(json);
        }

        ApiTransport.Decompress(encoded.ToArray(), [encoding]).Should().Equal(json);
    }

    [Theory]
    [InlineData("compress")]
    [InlineData("gzip", "br")]
    public void An_encoding_the_client_did_not_ask_for_is_refused_by_name(params string[] encodings)
    {
        var act = () => ApiTransport.Decompress([1, 2, 3], encodings);

        act.Should().Throw<InvalidDataException>().WithMessage($"*'{string.Join(", ", encodings)}'*gzip, br*");
    }

    /// <summary>A user's Flurl client over a plain HttpClient (no automatic decompression) that records each call.</summary>
    private static FlurlClient Recording(ConcurrentQueue<Seen> calls)
    {
        var flurl = new FlurlClient(new HttpClient());
        flurl.EventHandlers.Add((FlurlEventType.AfterCall, new Recorder(calls)));
        return flurl;
    }

    private sealed record Seen(string Method, string AcceptEncoding, string ContentEncoding);

    private sealed class Recorder(ConcurrentQueue<Seen> calls) : FlurlEventHandler
    {
        public override void Handle(FlurlEventType eventType, FlurlCall call) => calls.Enqueue(new Seen(
            call.HttpRequestMessage.Method.Method,
            call.HttpRequestMessage.Headers.AcceptEncoding.ToString(),
            string.Join(",", call.HttpResponseMessage.Content.Headers.ContentEncoding)));
    }
}
