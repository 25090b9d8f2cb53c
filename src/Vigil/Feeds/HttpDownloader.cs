using System.Net;
using System.Net.Http.Headers;
using Vigil.Common;

namespace Vigil.Feeds;

/// <summary>Validators from the last download, sent back so the server can answer 304 Not Modified.</summary>
public sealed record HttpValidators(string? ETag, string? LastModified);

public abstract record DownloadResult;

public sealed record NotModified : DownloadResult;

/// <summary>A complete download in a temporary file beside the feed; deleted when disposed.</summary>
public sealed record Downloaded(string TemporaryPath, long Bytes, HttpValidators Validators) : DownloadResult, IDisposable
{
    public void Dispose() => File.Delete(TemporaryPath);
}

/// <summary>The server could not be reached at all (no network, DNS, refused, timed out).</summary>

/// <summary>
/// Fetches feed files over HTTP(S) with conditional requests, into a temporary file that is only handed on when
/// the body arrived complete. Proxies come from the usual http_proxy/https_proxy environment variables.
/// </summary>
public sealed class HttpDownloader(Func<HttpClient> clientFactory)
{
    // Made on the first download: most runs (a scan of a cached feed, a status) never fetch anything.
    private HttpClient? client;

    /// <summary>The name of the feed client in the HTTP client factory.</summary>
    public const string ClientName = "vigil-feeds";

    /// <summary>How feeds are fetched: a bounded connect, a few redirects, compressed transfer.</summary>
    public static SocketsHttpHandler Handler() => new()
    {
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(20),
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
    };

    public static void Configure(HttpClient client)
    {
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("vigil", typeof(HttpDownloader).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    public static Uri ParseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.FeedUrlInvalid, $"invalid feed URL '{text}': expected an http:// or https:// URL");
        }
        return url;
    }

    public async Task<DownloadResult> DownloadAsync(Uri url, HttpValidators? validators, string directory, IWorkProgress progress, string stage, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (validators?.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }
        if (validators?.LastModified is { } lastModified && DateTimeOffset.TryParse(lastModified, out var since))
        {
            request.Headers.IfModifiedSince = since;
        }

        HttpResponseMessage response;
        try
        {
            client ??= clientFactory();
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        }
        catch (HttpRequestException e)
        {
            throw new VigilException(ErrorKind.Unavailable, ErrorCodes.FeedUnreachable, $"cannot reach {url}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new VigilException(ErrorKind.Unavailable, ErrorCodes.FeedUnreachable, $"cannot reach {url}: the connection timed out", e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new NotModified();
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new VigilException($"downloading {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}; the cached feed is unchanged");
            }

            var expected = response.Content.Headers.ContentLength;
            AtomicFile.RemoveStale(directory, ".download-*.tmp");
            var temporary = Path.Combine(directory, $".download-{Guid.NewGuid():N}.tmp");
            long received = 0;
            try
            {
                await using (var body = await response.Content.ReadAsStreamAsync(cancellation))
                await using (var file = AtomicFile.CreateTemporary(temporary, useAsync: true))
                {
                    var buffer = new byte[1 << 16];
                    int n;
                    while ((n = await body.ReadAsync(buffer, cancellation)) > 0)
                    {
                        await file.WriteAsync(buffer.AsMemory(0, n), cancellation);
                        received += n;
                        progress.Report(stage, received, expected, ProgressUnit.Bytes);
                    }
                }
                if (expected is { } length && received != length)
                {
                    throw new VigilException($"the download of {url} was cut short: {received} of {length} bytes arrived; the cached feed is unchanged");
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                File.Delete(temporary);
                throw new VigilException($"the download of {url} failed after {received} bytes ({e.Message}); the cached feed is unchanged", e);
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }

            return new Downloaded(temporary, received, new HttpValidators(
                response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R")));
        }
    }
}
