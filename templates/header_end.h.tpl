#ifdef __cplusplus
}
#endif

#endif /* {{PREFIX}}_GENERATED_H */
