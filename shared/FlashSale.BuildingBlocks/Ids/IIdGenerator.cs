namespace FlashSale.BuildingBlocks.Ids;

/// <summary>Issues globally unique, time-ordered 64-bit ids.</summary>
public interface IIdGenerator
{
    long NextId();
}
