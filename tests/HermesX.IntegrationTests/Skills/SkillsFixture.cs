using System.Net.Http.Headers;
using System.Text;
using HermesX.Grains.Skills;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Minio;
using Minio.DataModel.Args;

namespace HermesX.IntegrationTests.Skills;

/// <summary>
/// One hermesx silo (with the fake LLM) on a bucket of its own, plus a direct view of that bucket
/// for assertions. Each test makes its own tenants.
/// </summary>
public class SkillsFixture : IAsyncLifetime
{
    public string Bucket { get; } = S3TestEnvironment.NewBucket();
    public ChatCluster Chat { get; private set; } = null!;
    public MinioObjectStore Store { get; private set; } = null!;
    public SkillStore Skills { get; private set; } = null!;
    public HermesCluster Cluster => Chat.Cluster;

    public virtual async Task InitializeAsync()
    {
        Store = HermesX.Testing.TestObjectStores.Minio(S3TestEnvironment.Options(Bucket));
        Skills = new SkillStore(Store, new BundledSkills(), TimeProvider.System, NullLogger<SkillStore>.Instance);
        var env = S3TestEnvironment.ProcessEnvironment(Bucket);
        env["HERMES_MAX_ITERATIONS"] = "3";
        Configure(env);
        Chat = await ChatCluster.StartAsync(Silos, env);
    }

    protected virtual int Silos => 1;

    /// <summary>Settings a derived fixture adds to the silos' environment.</summary>
    protected virtual void Configure(Dictionary<string, string> environment)
    {
    }

    /// <summary>A new tenant and a key with <paramref name="role"/> in it.</summary>
    public Task<(string Tenant, string Key)> TenantAsync(string role = "admin") => Chat.TenantWithKeyAsync(role);

    public HttpClient Client(string key) => Cluster.First.CreateClient(key);

    /// <summary>Every key the bucket holds for the tenant.</summary>
    public async Task<List<string>> KeysAsync(string tenant) =>
        (await Store.ListAsync(tenant + "/", CancellationToken.None)).Select(e => e.Key).ToList();

    public virtual async Task DisposeAsync()
    {
        await Chat.DisposeAsync();
        try
        {
            await Store.DeletePrefixAsync("", CancellationToken.None);
            var o = S3TestEnvironment.Options(Bucket);
            using var client = new MinioClient().WithEndpoint(o.Endpoint).WithCredentials(o.AccessKey, o.SecretKey).WithSSL(o.UseSsl).Build();
            await client.RemoveBucketAsync(new RemoveBucketArgs().WithBucket(Bucket));
        }
        catch (Exception e) when (e is Minio.Exceptions.MinioException or HttpRequestException or IOException)
        {
            // Best effort: the test server's data directory is thrown away with the run anyway.
        }
        Store.Dispose();
    }
}

/// <summary>SKILL.md texts and requests for tests.</summary>
public static class SkillText
{
    public static string Of(string name, string description = "A test skill", string body = "Do the thing carefully.", string? extra = null) =>
        $"---\nname: {name}\ndescription: {description}\nversion: \"1.0\"\ntags: [test]\n{extra}---\n{body}\n";

    public static StringContent Markdown(string text) => new(text, Encoding.UTF8, new MediaTypeHeaderValue("text/markdown"));

    public static string UniqueName(string prefix = "skill") => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}
