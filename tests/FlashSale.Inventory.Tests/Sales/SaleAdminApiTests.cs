using System.Net;
using System.Net.Http.Json;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.Sales;
using FlashSale.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Inventory.Tests.Sales;

public sealed class SaleAdminApiTests(InventoryServiceFixture fixture) : IClassFixture<InventoryServiceFixture>
{
    private static readonly DateTimeOffset Soon = DateTimeOffset.UtcNow.AddMinutes(30);

    [Fact]
    public async Task An_admin_creates_a_sale_and_reads_its_stock_view()
    {
        using var admin = fixture.Admin();

        var response = await admin.PostAsJsonAsync("/api/admin/sales", new
        {
            sku = "SKU-1",
            name = "Phone",
            price = 9.90m,
            stock = 250,
            startsAt = Soon,
            endsAt = Soon.AddHours(1),
            perUserLimit = 2,
        });
        var sale = await response.Content.ReadFromJsonAsync<SaleResponse>();
        var stock = await admin.GetFromJsonAsync<SaleStockResponse>($"/api/admin/sales/{sale!.Id}/stock");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/sales/{sale.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("SKU-1", 9.90m, 250, 2, SaleStatus.Upcoming), (sale.Sku, sale.Price, sale.InitialStock, sale.PerUserLimit, sale.Status));
        Assert.Equal(new SaleStockResponse(sale.Id, 250, 250, 250, 0, 0, 0), stock);
    }

    [Theory]
    [InlineData("""{"sku":"S","name":"N","price":1,"stock":0,"startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-02T00:00:00Z","perUserLimit":1}""", "stock")]
    [InlineData("""{"sku":"S","name":"N","price":1,"stock":5,"startsAt":"2030-01-02T00:00:00Z","endsAt":"2030-01-01T00:00:00Z","perUserLimit":1}""", "endsAt")]
    [InlineData("""{"sku":"S","name":"N","price":1,"stock":5,"startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-02T00:00:00Z","perUserLimit":0}""", "perUserLimit")]
    [InlineData("""{"sku":"S","name":"N","price":-1,"stock":5,"startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-02T00:00:00Z","perUserLimit":1}""", "price")]
    [InlineData("""{"sku":"S","name":"N","price":1,"stock":"many","startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-02T00:00:00Z","perUserLimit":1}""", "stock")]
    [InlineData("""{"sku":"S","name":"N","price":1,"stock":5,"startsAt":"next tuesday","endsAt":"2030-01-02T00:00:00Z","perUserLimit":1}""", "startsAt")]
    [InlineData("""{"sku":"S","name":"N","price":1000000,"stock":20000,"startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-02T00:00:00Z","perUserLimit":20000}""", "perUserLimit")]
    [InlineData("""{"sku":"S",""", "")]
    [InlineData("", "body")]
    public async Task Bad_sales_are_400_problems_naming_the_field_and_store_nothing(string body, string field)
    {
        using var admin = fixture.Admin();
        var before = await CountSalesAsync();

        var response = await admin.PostAsync("/api/admin/sales", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains(field, problem, StringComparison.Ordinal);
        // The client's terms only: no .NET type or exception names.
        Assert.DoesNotContain("System.", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", problem, StringComparison.Ordinal);
        Assert.Equal(before, await CountSalesAsync());
    }

    [Fact]
    public async Task Shoppers_and_strangers_cannot_create_sales()
    {
        using var shopper = fixture.Factory.CreateClientFor(TestTokens.Shopper("u-1"));
        using var anonymous = fixture.Factory.CreateClient();
        var sale = new { sku = "S", name = "N", price = 1m, stock = 5, startsAt = Soon, endsAt = Soon.AddHours(1), perUserLimit = 1 };

        Assert.Equal(HttpStatusCode.Forbidden, (await shopper.PostAsJsonAsync("/api/admin/sales", sale)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/admin/sales", sale)).StatusCode);
    }

    [Fact]
    public async Task A_sale_has_one_id_spelling_leading_zeros_signs_and_spaces_are_404()
    {
        using var admin = fixture.Admin();
        var created = await admin.PostAsJsonAsync("/api/admin/sales",
            new { sku = "S", name = "N", price = 1m, stock = 5, startsAt = Soon, endsAt = Soon.AddHours(1), perUserLimit = 1 });
        var id = (await created.Content.ReadFromJsonAsync<SaleResponse>())!.Id;

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/admin/sales/{id}/stock")).StatusCode);
        foreach (var spelling in new[] { $"0{id}", $"00{id}", $"+{id}", $"%20{id}" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/sales/{spelling}/stock")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/sales/{spelling}")).StatusCode);
        }
    }

    [Fact]
    public async Task The_stock_view_of_an_unknown_sale_is_404()
    {
        using var admin = fixture.Admin();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/sales/987654321/stock")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/sales/nope/stock")).StatusCode);
    }

    private async Task<int> CountSalesAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Sales.CountAsync();
    }
}
