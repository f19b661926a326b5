using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Bsql.IntegrationTests.Fakes.HBaseRest;

/// <summary>
/// An HBase-REST-compatible server for tests, on <see cref="HttpListener"/> at <c>http://127.0.0.1:{free port}/</c>:
/// in-memory tables of rows of cells, the real JSON wire format (cell sets with base64 keys, columns and values),
/// <c>GET /{table}/multiget?row=..</c> (404 when no row exists), <c>GET /{table}/{row}</c> (404 for a missing row or
/// table), <c>PUT|POST /{table}/{row}</c> with a cell set (200), <c>DELETE /{table}/{row}</c>. Faults (latency, a slow
/// fraction, 500s, outages) are set at run time through <see cref="Faults"/>; requests are counted per kind.
/// </summary>
public sealed class FakeHBaseRestServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Row>> _tables = new(StringComparer.Ordinal);
    private readonly Lock _stateLock = new();
    private FakeHBaseFaults _faults = FakeHBaseFaults.None;
    private Task _loop;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private long _requests;
    private long _multiGets;
    private long _gets;
    private long _puts;
    private long _failed;
    private long _multiGetRows;
    private long _clock = 1_700_000_000_000;

    /// <summary>Starts a server on a free loopback port; <paramref name="seed"/> makes fault injection repeatable.</summary>
    public FakeHBaseRestServer(int seed = 1)
    {
        _random = new Random(seed);
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                BaseUri = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The faults in force; assign to change them at once (<see cref="FakeHBaseOutage.RefuseConnections"/> stops the listener, the next assignment starts it again).</summary>
    public FakeHBaseFaults Faults
    {
        get => _faults;
        set
        {
            lock (_stateLock)
            {
                var refuse = value.Outage == FakeHBaseOutage.RefuseConnections;
                if (refuse && _listener.IsListening) _listener.Stop();
                if (!refuse && !_listener.IsListening)
                {
                    _listener.Start();
                    _loop = Task.Run(AcceptLoopAsync);
                }
                _faults = value;
            }
        }
    }

    /// <summary>Requests received (all kinds, refused ones included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Multi-get requests received.</summary>
    public long MultiGets => Interlocked.Read(ref _multiGets);

    /// <summary>Row keys asked for in multi-gets.</summary>
    public long MultiGetRows => Interlocked.Read(ref _multiGetRows);

    /// <summary>Single-row gets received.</summary>
    public long Gets => Interlocked.Read(ref _gets);

    /// <summary>Puts received.</summary>
    public long Puts => Interlocked.Read(ref _puts);

    /// <summary>Requests refused by an injected fault.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Creates an empty table (HBase REST cannot write to a table that does not exist).</summary>
    public void CreateTable(string table) => _tables.TryAdd(table, new ConcurrentDictionary<string, Row>(StringComparer.Ordinal));

    /// <summary>Stores one cell directly (test setup).</summary>
    public void PutCell(string table, byte[] rowKey, string column, byte[] value) =>
        Put(table, rowKey, Encoding.UTF8.GetBytes(column), value, null);

    /// <summary>The value of one cell, or null.</summary>
    public byte[]? GetCell(string table, byte[] rowKey, string column) =>
        _tables.TryGetValue(table, out var rows) && rows.TryGetValue(Convert.ToBase64String(rowKey), out var row)
            ? row.Get(column)
            : null;

    /// <summary>Rows stored in <paramref name="table"/>.</summary>
    public int RowCount(string table) => _tables.TryGetValue(table, out var rows) ? rows.Count : 0;

    /// <summary>Zeroes the request counters.</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _multiGets, 0);
        Interlocked.Exchange(ref _multiGetRows, 0);
        Interlocked.Exchange(ref _gets, 0);
        Interlocked.Exchange(ref _puts, 0);
        Interlocked.Exchange(ref _failed, 0);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_listener.IsListening) _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        var response = context.Response;
        try
        {
            var faults = Faults;
            if (faults.Outage == FakeHBaseOutage.ServiceUnavailable)
            {
                Interlocked.Increment(ref _failed);
                await RespondAsync(response, 503, "text/plain", "Service Unavailable"u8.ToArray());
                return;
            }
            var (slow, error) = Draw(faults);
            var delay = faults.Latency + (slow ? faults.SlowLatency : TimeSpan.Zero);
            if (delay > TimeSpan.Zero) await Task.Delay(delay).ConfigureAwait(false);
            if (error)
            {
                Interlocked.Increment(ref _failed);
                await RespondAsync(response, 500, "text/plain", "Internal Server Error (injected)"u8.ToArray());
                return;
            }
            await RouteAsync(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client went away.
        }
    }

    private (bool Slow, bool Error) Draw(FakeHBaseFaults faults)
    {
        if (faults.SlowFraction <= 0 && faults.ErrorRate <= 0) return (false, false);
        lock (_randomLock) return (_random.NextDouble() < faults.SlowFraction, _random.NextDouble() < faults.ErrorRate);
    }

    private async Task RouteAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var raw = request.RawUrl ?? "/";
        var queryStart = raw.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart >= 0 ? raw[..queryStart] : raw;
        var query = queryStart >= 0 ? raw[(queryStart + 1)..] : "";
        if (path == "/version/cluster")
        {
            await RespondAsync(response, 200, "text/plain", "2.5.0"u8.ToArray()).ConfigureAwait(false);
            return;
        }
        var segments = path.Trim('/').Split('/');
        if (segments.Length < 2 || segments[0].Length == 0)
        {
            await RespondAsync(response, 400, "text/plain", "Bad request"u8.ToArray());
            return;
        }
        var table = Encoding.UTF8.GetString(PercentDecode(segments[0]));
        var rowKey = PercentDecode(segments[1]);
        switch (request.HttpMethod)
        {
            case "GET" when segments[1] == "multiget":
            {
                Interlocked.Increment(ref _multiGets);
                var keys = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                    .Where(p => p.StartsWith("row=", StringComparison.Ordinal))
                    .Select(p => PercentDecode(p[4..]))
                    .ToList();
                Interlocked.Add(ref _multiGetRows, keys.Count);
                if (!_tables.TryGetValue(table, out var rows))
                {
                    await RespondAsync(response, 404, "text/plain", "Not found"u8.ToArray());
                    return;
                }
                var found = keys.Select(k => (Key: k, Row: rows.TryGetValue(Convert.ToBase64String(k), out var r) ? r : null))
                    .Where(x => x.Row is not null && !x.Row.IsEmpty)
                    .ToList();
                if (found.Count == 0)
                {
                    await RespondAsync(response, 404, "text/plain", "Not found"u8.ToArray());
                    return;
                }
                await RespondAsync(response, 200, "application/json", WriteCellSet(found!));
                return;
            }
            case "GET":
            {
                Interlocked.Increment(ref _gets);
                if (!_tables.TryGetValue(table, out var rows) || !rows.TryGetValue(Convert.ToBase64String(rowKey), out var row) || row.IsEmpty)
                {
                    await RespondAsync(response, 404, "text/plain", "Not found"u8.ToArray());
                    return;
                }
                await RespondAsync(response, 200, "application/json", WriteCellSet([(rowKey, row)]));
                return;
            }
            case "PUT" or "POST":
            {
                Interlocked.Increment(ref _puts);
                if (!_tables.ContainsKey(table))
                {
                    await RespondAsync(response, 404, "text/plain", "Not found"u8.ToArray());
                    return;
                }
                using var body = new MemoryStream();
                await request.InputStream.CopyToAsync(body).ConfigureAwait(false);
                try
                {
                    ReadCellSet(table, body.ToArray(), rowKey);
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    await RespondAsync(response, 400, "text/plain", Encoding.UTF8.GetBytes("Bad request: " + e.Message));
                    return;
                }
                await RespondAsync(response, 200, "text/plain", []);
                return;
            }
            case "DELETE":
            {
                if (!_tables.TryGetValue(table, out var rows) || !rows.TryRemove(Convert.ToBase64String(rowKey), out _))
                {
                    await RespondAsync(response, 404, "text/plain", "Not found"u8.ToArray());
                    return;
                }
                await RespondAsync(response, 200, "text/plain", []);
                return;
            }
            default:
                await RespondAsync(response, 405, "text/plain", "Method not allowed"u8.ToArray());
                return;
        }
    }

    private void ReadCellSet(string table, byte[] json, byte[] urlKey)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var row in document.RootElement.GetProperty("Row").EnumerateArray())
        {
            // As HBase's RowResource: the key in the body wins over the one in the URL.
            var key = row.TryGetProperty("key", out var k) ? k.GetBytesFromBase64() : urlKey;
            foreach (var cell in row.GetProperty("Cell").EnumerateArray())
            {
                long? timestamp = cell.TryGetProperty("timestamp", out var ts) ? ts.GetInt64() : null;
                Put(table, key, cell.GetProperty("column").GetBytesFromBase64(), cell.GetProperty("$").GetBytesFromBase64(), timestamp);
            }
        }
    }

    private void Put(string table, byte[] rowKey, byte[] column, byte[] value, long? timestamp)
    {
        var rows = _tables.GetOrAdd(table, _ => new ConcurrentDictionary<string, Row>(StringComparer.Ordinal));
        var row = rows.GetOrAdd(Convert.ToBase64String(rowKey), _ => new Row());
        row.Set(Encoding.UTF8.GetString(column), value, timestamp ?? Interlocked.Increment(ref _clock));
    }

    private static byte[] WriteCellSet(IReadOnlyList<(byte[] Key, Row Row)> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Row");
            foreach (var (key, row) in rows)
            {
                writer.WriteStartObject();
                writer.WriteString("key", Convert.ToBase64String(key));
                writer.WriteStartArray("Cell");
                foreach (var (column, value, timestamp) in row.Cells())
                {
                    writer.WriteStartObject();
                    writer.WriteString("column", Convert.ToBase64String(Encoding.UTF8.GetBytes(column)));
                    writer.WriteNumber("timestamp", timestamp);
                    writer.WriteString("$", Convert.ToBase64String(value));
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static async Task RespondAsync(HttpListenerResponse response, int status, string contentType, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        // Async all the way: a blocking write would starve the thread pool of a 2-core machine.
        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        response.Close();
    }

    private static byte[] PercentDecode(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (text[i] == '+')
            {
                bytes.Add((byte)' ');
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }
        return bytes.ToArray();
    }

    /// <summary>The cells of one row, latest version only, sorted by column as HBase returns them.</summary>
    private sealed class Row
    {
        private readonly SortedDictionary<string, (byte[] Value, long Timestamp)> _cells = new(StringComparer.Ordinal);

        public bool IsEmpty
        {
            get { lock (_cells) return _cells.Count == 0; }
        }

        public void Set(string column, byte[] value, long timestamp)
        {
            lock (_cells) _cells[column] = (value, timestamp);
        }

        public byte[]? Get(string column)
        {
            lock (_cells) return _cells.TryGetValue(column, out var cell) ? cell.Value : null;
        }

        public List<(string Column, byte[] Value, long Timestamp)> Cells()
        {
            lock (_cells) return _cells.Select(c => (c.Key, c.Value.Value, c.Value.Timestamp)).ToList();
        }
    }
}
