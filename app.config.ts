// Theme only; region facts come from the region layer's appConfig.region.
// Every semantic colour is named here (not left to the UI kit's defaults) because
// assets/css/main.css picks shades of them that pass WCAG AA contrast.
export default defineAppConfig({
  ui: {
    colors: { primary: 'blue', secondary: 'blue', success: 'green', info: 'blue', warning: 'amber', error: 'red', neutral: 'slate' },
  },
})
