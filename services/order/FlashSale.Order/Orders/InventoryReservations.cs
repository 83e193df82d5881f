using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using FlashSale.Contracts.Purchases;

namespace FlashSale.Order.Orders;

/// <summary>
/// Asks inventory whether the caller holds a reservation with this order id (the caller's own token is
/// forwarded, so inventory answers only for its owner).
/// </summary>
public sealed class InventoryReservations(HttpClient http)
{
    public async Task<ReservationView?> FindAsync(long orderId, string bearerToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/internal/reservations/{orderId.ToString(CultureInfo.InvariantCulture)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ReservationView>(ct);
    }
}
