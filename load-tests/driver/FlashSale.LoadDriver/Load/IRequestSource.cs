namespace FlashSale.LoadDriver.Load;

/// <summary>Builds the n-th request of a run (n from 0): a load loop asks for one per request it sends.</summary>
public interface IRequestSource
{
    HttpRequestMessage Create(long sequence);
}
