namespace SharpCompose.Loading;

internal static class AssemblyMarker { }
