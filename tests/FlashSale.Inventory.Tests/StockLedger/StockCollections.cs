using FlashSale.Inventory.Tests.Purchases;

namespace FlashSale.Inventory.Tests.StockLedger;

// One pair of instances per strategy, shared by that strategy's stock and reconciliation tests (run one after another).

[CollectionDefinition(Name)]
public sealed class RedisLuaStock : ICollectionFixture<RedisLuaInstances>
{
    public const string Name = "stock: redis-lua";
}

[CollectionDefinition(Name)]
public sealed class RedlockSegmentedStock : ICollectionFixture<RedlockSegmentedInstances>
{
    public const string Name = "stock: redlock-segmented";
}

[CollectionDefinition(Name)]
public sealed class PostgresRowLockStock : ICollectionFixture<PostgresRowLockInstances>
{
    public const string Name = "stock: postgres-row-lock";
}
