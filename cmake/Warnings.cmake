# Warnings live on one INTERFACE target that every project target links.
add_library(capexsim_warnings INTERFACE)
target_compile_options(capexsim_warnings INTERFACE -Wall -Wextra -Wshadow -Wconversion
                                                   -Wno-sign-conversion)
if(CAPEXSIM_WERROR)
  target_compile_options(capexsim_warnings INTERFACE -Werror)
endif()
