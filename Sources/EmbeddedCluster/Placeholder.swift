// EmbeddedCluster
