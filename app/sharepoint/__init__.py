"""Moving a portal off SharePoint (issue 18): reading its REST API and export folders."""
