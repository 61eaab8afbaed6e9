import { defineStore } from 'pinia'

/** Shell state shared by the header, the admin layout and pages: which menus are open. */
export const useUiStore = defineStore('ui', {
  state: () => ({
    mobileNavOpen: false,
    adminSidebarOpen: false,
  }),
  actions: {
    toggleMobileNav() {
      this.mobileNavOpen = !this.mobileNavOpen
    },
    toggleAdminSidebar() {
      this.adminSidebarOpen = !this.adminSidebarOpen
    },
    /** Called on every navigation: a menu left open over the next page only hides it. */
    closeMenus() {
      this.mobileNavOpen = false
      this.adminSidebarOpen = false
    },
  },
})
