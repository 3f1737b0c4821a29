/* ReDoc for the dashboard's API, served from this machine (no CDN). */
"use strict";
Redoc.init("/openapi.json", {}, document.getElementById("redoc"));
