/* Swagger UI for the dashboard's API, served from this machine (no CDN). "Try it out" sends
   the page's token, so uploads from the docs pass the dashboard's checks. */
"use strict";
(function () {
  const meta = document.querySelector('meta[name="advantage-token"]');
  const token = meta ? meta.content : "";
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    layout: "BaseLayout",
    requestInterceptor: function (request) {
      request.headers["X-Advantage-Token"] = token;
      return request;
    },
  });
})();
