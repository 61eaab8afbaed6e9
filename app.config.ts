// Theme only; region facts come from the region layer's appConfig.region.
export default defineAppConfig({
  ui: {
    colors: { primary: 'blue', neutral: 'slate' },
  },
})
