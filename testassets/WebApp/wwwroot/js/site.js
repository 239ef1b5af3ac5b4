// site.js of the frozen WebApp
document.documentElement.dataset.frozen = "yes";
