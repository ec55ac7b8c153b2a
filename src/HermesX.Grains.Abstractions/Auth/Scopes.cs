namespace HermesX.Grains.Abstractions.Auth;

/// <summary>
/// The scopes a tenant credential may hold. They are stored with each key and read from JWTs, so
/// the values are part of the contract and never change.
/// </summary>
public static class Scopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Execute = "execute";
    public const string Admin = "admin";
    public const string AuditRead = "audit:read";
    public const string UsageRead = "usage:read";
    public const string KeyWrite = "key:write";

    public static readonly IReadOnlyList<string> All = [Read, Write, Execute, Admin, AuditRead, UsageRead, KeyWrite];
}
