namespace Bsql.Runtime.Connectors.Redis;

/// <summary>The <c>data-type</c> option of a Redis table: how a row is stored under its key.</summary>
public enum RedisDataType
{
    /// <summary><c>string</c>: the value is a JSON object of the columns (<c>GET</c>/<c>MGET</c>/<c>SET</c>).</summary>
    String,

    /// <summary><c>hash</c>: one hash field per column holding the value as text (<c>HGETALL</c>/<c>HSET</c>).</summary>
    Hash,
}
