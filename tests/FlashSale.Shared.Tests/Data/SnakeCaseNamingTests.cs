using FlashSale.Messaging.Data;

namespace FlashSale.Shared.Tests.Data;

public sealed class SnakeCaseNamingTests
{
    [Theory]
    [InlineData("Orders", "orders")]
    [InlineData("UserId", "user_id")]
    [InlineData("PaymentDeadline", "payment_deadline")]
    [InlineData("PK_Orders", "pk_orders")]
    [InlineData("IX_Orders_UserId_Id", "ix_orders_user_id_id")]
    [InlineData("HTTPStatus", "http_status")]
    [InlineData("already_snake", "already_snake")]
    public void Names_become_snake_case(string name, string expected) =>
        Assert.Equal(expected, SnakeCaseNaming.ToSnakeCase(name));
}
