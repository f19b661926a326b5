using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Bsql.Runtime.Connectors.HBase;

/// <summary>
/// A client of one HBase REST (Stargate) endpoint, on <see cref="HttpClient"/>, speaking its JSON wire format:
/// multi-get <c>GET /{table}/multiget?row=k1&amp;row=k2</c>, single get <c>GET /{table}/{row}</c>, writes
/// <c>PUT /{table}/{row}</c> with a cell set, <c>DELETE /{table}/{row}</c>. Row keys travel percent-encoded in
/// URLs and base64 in bodies; 404 means "no such row".
/// </summary>
public sealed class HBaseRestClient : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    /// <summary>A client of the endpoint at <paramref name="baseUri"/>, named <paramref name="name"/> (A, B) in metrics and errors.</summary>
    public HBaseRestClient(string name, Uri baseUri, HttpMessageHandler? handler = null)
    {
        Name = name;
        BaseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            MaxConnectionsPerServer = 64,
        })
        {
            BaseAddress = BaseUri,
            Timeout = Timeout.InfiniteTimeSpan, // the router's pipeline owns timeouts
        };
    }

    /// <summary>The cluster's name.</summary>
    public string Name { get; }

    /// <summary>The endpoint.</summary>
    public Uri BaseUri { get; }

    /// <summary>How long a read whose caller stopped waiting may still run before it is cancelled (and its connection closed).</summary>
    public TimeSpan AbandonAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The rows among <paramref name="keys"/> that exist (in any order; missing ones are absent).</summary>
    /// <exception cref="HBaseRestException">The endpoint answered neither 200 nor 404.</exception>
    public async Task<IReadOnlyList<HBaseRow>> MultiGetAsync(string table, IReadOnlyList<byte[]> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return [];
        var path = new StringBuilder(EscapeTable(table)).Append("/multiget");
        for (var i = 0; i < keys.Count; i++) path.Append(i == 0 ? "?row=" : "&row=").Append(EscapeKey(keys[i]));
        return await GetRowsAsync(path.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The row <paramref name="key"/>, or null when it does not exist.</summary>
    /// <exception cref="HBaseRestException">The endpoint answered neither 200 nor 404.</exception>
    public async Task<HBaseRow?> GetAsync(string table, byte[] key, CancellationToken cancellationToken)
    {
        var rows = await GetRowsAsync(EscapeTable(table) + "/" + EscapeKey(key), cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    /// <summary>Writes <paramref name="rows"/> in one request (a cell set of several rows).</summary>
    /// <exception cref="HBaseRestException">The endpoint did not answer 200.</exception>
    public async Task PutAsync(string table, IReadOnlyList<HBaseRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        using var request = new HttpRequestMessage(HttpMethod.Put, EscapeTable(table) + "/" + EscapeKey(rows[0].Key))
        {
            Content = new ByteArrayContent(HBaseCellSetJson.Write(rows)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(Json);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK) throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the row <paramref name="key"/> (a missing row is not an error).</summary>
    /// <exception cref="HBaseRestException">The endpoint answered neither 200 nor 404.</exception>
    public async Task DeleteAsync(string table, byte[] key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, EscapeTable(table) + "/" + EscapeKey(key));
        request.Headers.Accept.Add(Json);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotFound)) throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the endpoint for its version (<c>GET /version/cluster</c>): true when it answers 200; never throws but for cancellation.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync("version/cluster", cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>Percent-encodes every byte of a row key except RFC 3986's unreserved characters.</summary>
    public static string EscapeKey(ReadOnlySpan<byte> key)
    {
        var text = new StringBuilder(key.Length * 3);
        foreach (var b in key)
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(Convert.ToHexString([b]));
            }
        }
        return text.ToString();
    }

    private static string EscapeTable(string table) => EscapeKey(Encoding.UTF8.GetBytes(table));

    private Task<IReadOnlyList<HBaseRow>> GetRowsAsync(string path, CancellationToken cancellationToken)
    {
        // A caller that gives up (a timeout, a hedge won by the other cluster) stops waiting, but the read itself runs
        // on, bounded by AbandonAfter: cancelling an HTTP/1.1 request mid-flight kills its connection, and a slow
        // cluster would then cost a new TCP connection per request exactly when it is already struggling.
        var read = ReadRowsAsync(path);
        if (!cancellationToken.CanBeCanceled) return read;
        _ = read.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return read.WaitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<HBaseRow>> ReadRowsAsync(string path)
    {
        using var abandon = new CancellationTokenSource(AbandonAfter);
        var cancellationToken = abandon.Token;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(Json);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        if (response.StatusCode != HttpStatusCode.OK) throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        // HBase REST always answers a found row with a cell set: an empty 200 is a broken exchange, not a miss.
        if (body.Length == 0) throw new HBaseRestException(Name, response.StatusCode, "(empty body)");
        return HBaseCellSetJson.Read(body);
    }

    private async Task<HBaseRestException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new HBaseRestException(Name, response.StatusCode, text.Length > 200 ? text[..200] : text);
    }
}
