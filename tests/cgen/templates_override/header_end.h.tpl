/* custom template for {{prefix}}: override marker */
#ifdef __cplusplus
}
#endif

#endif /* {{PREFIX}}_GENERATED_H */
