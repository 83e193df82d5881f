using FlashSale.ServiceDefaults.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.Gateway.DevTokens;

/// <summary>
/// The dev issuer's RS256 private key, loaded once. The gateway holds a private key only while the dev issuer is on;
/// it validates tokens, like every service, with the public key alone (Auth:Jwt:PublicKey).
/// </summary>
public sealed class DevTokenSigner(IOptions<DevTokenOptions> options, IHostEnvironment environment)
{
    private readonly Lazy<SigningCredentials> _credentials = new(() =>
    {
        var key = JwtKeys.Load(options.Value.SigningKey, options.Value.SigningKeyFile, environment.IsDevelopment(),
            JwtKeys.DevelopmentPrivateKeyPem, $"{DevTokenOptions.Section}:SigningKey");
        return new SigningCredentials(JwtKeys.SecurityKey(key), SecurityAlgorithms.RsaSha256);
    });

    public SigningCredentials Credentials => _credentials.Value;
}
