using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("SharpCompose.Engine.Tests")]
