namespace Bsql.Planner.Catalog.Connectors;

/// <summary>
/// Decides which option values must never be shown: <c>${env:..}</c>/<c>${file:..}</c> references and options
/// whose key names a secret (password, secret, token, key material, <c>sasl.jaas.config</c>...).
/// </summary>
public static class OptionRedaction
{
    /// <summary>What a redacted value is shown as.</summary>
    public const string Redacted = "******";

    private static readonly string[] SecretWords =
    [
        "password", "passwd", "secret", "token", "credential", "sasl.jaas.config", "private-key", "private.key",
        "ssl.key", "keystore", "truststore.password", "api-key", "apikey", "access-key", "auth",
    ];

    /// <summary>True when the key names a secret.</summary>
    public static bool IsSecretKey(string key)
    {
        var lower = key.ToLowerInvariant();
        foreach (var word in SecretWords)
        {
            if (lower.Contains(word, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>True when the value must be hidden.</summary>
    public static bool MustRedact(string key, string value) => IsSecretKey(key) || OptionValues.IsReference(value);

    /// <summary>The value as it may be shown.</summary>
    public static string Show(string key, string value) => MustRedact(key, value) ? Redacted : value;
}
