// Starts GOV.UK Frontend's components (service navigation toggle, error summary focus, etc.).
import { initAll } from "./govuk-frontend.min.js";

initAll();
