using System.Runtime.CompilerServices;

// bench/api-requests drives IHetznerApi directly to count its requests; the client stays internal to everyone else.
[assembly: InternalsVisibleTo("ApiRequests.ClientRunner")]
