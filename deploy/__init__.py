"""Running the dashboard as several replicas behind HAProxy (see cluster.py and README "Serving a hall")."""
