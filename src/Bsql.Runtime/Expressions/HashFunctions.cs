using System.Security.Cryptography;
using System.Text;

namespace Bsql.Runtime.Expressions;

/// <summary><c>MD5</c>, <c>SHA1</c>, <c>SHA256</c> (lower-case hex of the UTF-8 bytes) and Java-compatible <c>HASH_CODE</c>.</summary>
internal static class HashFunctions
{
    /// <summary><c>MD5(s)</c>.</summary>
    public static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));

    /// <summary><c>SHA1(s)</c>.</summary>
    public static string Sha1(string s) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(s)));

    /// <summary><c>SHA256(s)</c>.</summary>
    public static string Sha256(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    /// <summary><c>HASH_CODE(s)</c>: Java's <c>String.hashCode()</c>.</summary>
    public static int HashCode(string s)
    {
        var h = 0;
        foreach (var c in s) h = unchecked(31 * h + c);
        return h;
    }

    /// <summary><c>HASH_CODE(n)</c>: Java's <c>Long.hashCode()</c>.</summary>
    public static int HashCode(long v) => unchecked((int)(v ^ (long)((ulong)v >> 32)));

    /// <summary><c>HASH_CODE(n)</c>: Java's <c>Integer.hashCode()</c>.</summary>
    public static int HashCode(int v) => v;

    /// <summary><c>HASH_CODE(b)</c>: Java's <c>Boolean.hashCode()</c>.</summary>
    public static int HashCode(bool v) => v ? 1231 : 1237;

    /// <summary><c>HASH_CODE(d)</c>: Java's <c>Double.hashCode()</c>.</summary>
    public static int HashCode(double v) => HashCode(double.IsNaN(v) ? 0x7ff8000000000000L : BitConverter.DoubleToInt64Bits(v));

    /// <summary><c>HASH_CODE(x)</c> of any other value.</summary>
    public static int HashCode(object v) => v.GetHashCode();
}
