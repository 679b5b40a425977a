"""nbgrader course configuration: instructor sources in solutions/, student releases in assignments/."""

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.root = "."
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "assignments"
c.CourseDirectory.course_id = "crm-course"
c.Exchange.course_id = "crm-course"
