using System.Text;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;
using Polly;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Skills;

namespace HermesX.Grains.Skills;

/// <summary>
/// <see cref="IObjectStore"/> on an S3-compatible bucket through the MinIO SDK. The bucket is
/// created on first use when it is missing, and again if it disappears while running. Passing
/// failures are retried by the registry's <see cref="Resilience.HermesResilience.ObjectStore"/> pipeline.
/// </summary>
public sealed class MinioObjectStore : IObjectStore, IDisposable
{
    private const int DeleteBatch = 1000;

    private readonly IMinioClient _client;
    private readonly string _bucket;
    private readonly SemaphoreSlim _bucketLock = new(1, 1);
    private readonly ResiliencePipeline _retry;
    private volatile bool _bucketReady;

    public MinioObjectStore(ObjectStoreOptions options, ResiliencePipeline retry)
    {
        _retry = retry;
        _bucket = options.Bucket;
        _client = new MinioClient()
            .WithEndpoint(options.Endpoint)
            .WithCredentials(options.AccessKey, options.SecretKey)
            .WithSSL(options.UseSsl)
            .WithTimeout(15_000)
            .Build();
        Location = $"s3://{options.Bucket} at {options.Endpoint}";
    }

    public string Location { get; }

    public async Task EnsureReadyAsync(CancellationToken ct)
    {
        if (_bucketReady)
        {
            return;
        }
        await _bucketLock.WaitAsync(ct);
        try
        {
            if (!_bucketReady && !await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket), ct))
            {
                try
                {
                    await _client.MakeBucketAsync(new MakeBucketArgs().WithBucket(_bucket), ct);
                }
                catch (MinioException)
                {
                    // Another silo may have created it between our check and our create.
                    if (!await _client.BucketExistsAsync(new BucketExistsArgs().WithBucket(_bucket), ct))
                    {
                        throw;
                    }
                }
            }
            _bucketReady = true;
        }
        finally
        {
            _bucketLock.Release();
        }
    }

    public Task<StoredObject?> GetAsync(string key, CancellationToken ct) => InBucketAsync(async () =>
    {
        using var buffer = new MemoryStream();
        try
        {
            var stat = await _client.GetObjectAsync(new GetObjectArgs().WithBucket(_bucket).WithObject(key)
                .WithCallbackStream((s, token) => s.CopyToAsync(buffer, token)), ct);
            return new StoredObject(key, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), Utc(stat.LastModified));
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }, ct);

    public Task<bool> ExistsAsync(string key, CancellationToken ct) => InBucketAsync(async () =>
    {
        try
        {
            await _client.StatObjectAsync(new StatObjectArgs().WithBucket(_bucket).WithObject(key), ct);
            return true;
        }
        catch (ObjectNotFoundException)
        {
            return false;
        }
    }, ct);

    public Task PutAsync(string key, string content, string contentType, CancellationToken ct) => InBucketAsync(async () =>
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        using var stream = new MemoryStream(bytes, writable: false);
        await _client.PutObjectAsync(new PutObjectArgs().WithBucket(_bucket).WithObject(key)
            .WithStreamData(stream).WithObjectSize(bytes.Length).WithContentType(contentType), ct);
        return true;
    }, ct);

    public Task<bool> DeleteAsync(string key, CancellationToken ct) => InBucketAsync(async () =>
    {
        // S3 answers a delete of a missing key with success, so existence is asked first.
        if (!await ExistsAsync(key, ct))
        {
            return false;
        }
        await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_bucket).WithObject(key), ct);
        return true;
    }, ct);

    public Task<IReadOnlyList<ObjectEntry>> ListAsync(string prefix, CancellationToken ct) => InBucketAsync(async () =>
    {
        var entries = new List<ObjectEntry>();
        var args = new ListObjectsArgs().WithBucket(_bucket).WithPrefix(prefix).WithRecursive(true);
        await foreach (var item in _client.ListObjectsEnumAsync(args, ct))
        {
            if (!item.IsDir)
            {
                entries.Add(new ObjectEntry(item.Key, (long)item.Size, item.LastModifiedDateTime is { } at ? Utc(at) : DateTimeOffset.MinValue));
            }
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return (IReadOnlyList<ObjectEntry>)entries;
    }, ct);

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken ct) => InBucketAsync(async () =>
    {
        var keys = (await ListAsync(prefix, ct)).Select(e => e.Key).ToList();
        foreach (var batch in keys.Chunk(DeleteBatch))
        {
            var errors = await _client.RemoveObjectsAsync(new RemoveObjectsArgs().WithBucket(_bucket).WithObjects([.. batch]), ct);
            if (errors.Count > 0)
            {
                throw new IOException($"{errors.Count} object(s) under '{prefix}' could not be deleted (first: {errors[0].Key}: {errors[0].Code})");
            }
        }
        return keys.Count;
    }, ct);

    public void Dispose()
    {
        _client.Dispose();
        _bucketLock.Dispose();
    }

    private Task<T> InBucketAsync<T>(Func<Task<T>> action, CancellationToken ct) =>
        _retry.ExecuteAsync(async token =>
        {
            await EnsureReadyAsync(token);
            try
            {
                return await action();
            }
            catch (BucketNotFoundException)
            {
                // Removed behind our back (or by an operator): create it again and retry once.
                _bucketReady = false;
                await EnsureReadyAsync(token);
                return await action();
            }
        }, ct).AsTask();

    private static DateTimeOffset Utc(DateTime at) => at.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(at.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
