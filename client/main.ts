import "maplibre-gl/dist/maplibre-gl.css";
import "./components/fangtu-app.js";
